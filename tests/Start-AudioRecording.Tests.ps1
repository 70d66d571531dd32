# Pester 5 tests for Start-AudioRecording. Needs Linux with libportaudio2 (ALSA); no sound card: ALSA's `file` plugin
# turns raw files into capture devices. ALSA reads ALSA_CONFIG_PATH from the C environment when PortAudio starts, and
# $env: changes in a running pwsh do not reach it, so each check runs in a child pwsh that inherits it.

BeforeAll {
    $script:ModulePath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-rec-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Dir | Out-Null
    $fixtures = "$PSScriptRoot/fixtures/capture"
    $pad = [byte[]]::new(16000 * 2 * 30)   # the file plugin repeats stale data at EOF: read well inside the file
    $script:Expected = @{}
    $conf = ""
    foreach ($m in @(@{ Name = 'pester_rec_a'; Src = 'valve-normal-3s.s16' }, @{ Name = 'pester_rec_b'; Src = 'valve-anomaly-3s.s16' })) {
        $bytes = [IO.File]::ReadAllBytes((Join-Path $fixtures $m.Src))
        $script:Expected[$m.Name] = $bytes
        $raw = Join-Path $script:Dir "$($m.Name).raw"
        [IO.File]::WriteAllBytes($raw, [byte[]]($bytes + $pad))
        $conf += "pcm.$($m.Name) { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/null`"; infile `"$raw`"; format `"raw`" }; format S16_LE; rate 16000; channels 1 } }`n"
    }
    $conf += "pcm.!default pester_rec_a`n"   # required, or Pa_Initialize aborts
    Set-Content -Path (Join-Path $script:Dir 'asound.conf') -Value $conf
    $env:ALSA_CONFIG_PATH = Join-Path $script:Dir 'asound.conf'

    # Runs a script in a child pwsh with the module loaded; returns its output objects (via CliXml).
    function Invoke-Child([string] $Script) {
        $out = Join-Path $script:Dir ("out-" + [guid]::NewGuid() + ".xml")
        $full = "`$ErrorActionPreference = 'Stop'; Import-Module '$script:ModulePath'; & { $Script } | Export-Clixml -Path '$out' -Depth 3"
        $stderr = & pwsh -NoProfile -NonInteractive -Command $full 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        if ($LASTEXITCODE -ne 0) { throw "child pwsh failed ($LASTEXITCODE): $stderr" }
        if (Test-Path $out) { Import-Clixml -Path $out } else { @() }
    }

    # The samples of a 16-bit PCM WAV (bytes of its data chunk), checking the header counts exactly the bytes present.
    function Get-WavData([string] $Path) {
        $b = [IO.File]::ReadAllBytes($Path)
        [Text.Encoding]::ASCII.GetString($b, 0, 4) | Should -Be 'RIFF'
        $pos = 12
        while ($pos + 8 -le $b.Length) {
            $id = [Text.Encoding]::ASCII.GetString($b, $pos, 4)
            $size = [BitConverter]::ToUInt32($b, $pos + 4)
            if ($id -eq 'data') {
                ($pos + 8 + $size) | Should -Be $b.Length   # finalised: the header's size matches the file
                return [byte[]]$b[($pos + 8)..($pos + 8 + $size - 1)]
            }
            $pos += 8 + $size + ($size % 2)
        }
        throw "$Path has no data chunk"
    }

    function New-OutDir { $d = Join-Path $script:Dir ("rec-" + [guid]::NewGuid()); New-Item -ItemType Directory -Path $d | Out-Null; $d }
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Dir -ErrorAction SilentlyContinue
    Remove-Item Env:ALSA_CONFIG_PATH -ErrorAction SilentlyContinue
}

Describe 'Start-AudioRecording' -Skip:(-not $IsLinux) {
    It 'records rolling segments that join back into the device''s audio' {
        $out = New-OutDir
        $segs = Invoke-Child "Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -Duration 00:00:02 -SegmentDuration 00:00:00.75"
        @($segs).Count | Should -Be 3
        $segs[0].PSObject.Properties.Name | Should -Be @('Path', 'Device', 'Start', 'Duration', 'SampleRate', 'Channels', 'FramesLost')
        $segs.Device | Sort-Object -Unique | Should -Be 'pester_rec_a'
        $segs.FramesLost | Sort-Object -Unique | Should -Be 0
        ($segs | ForEach-Object { $_.Duration }) | Should -Be @(0.75, 0.75, 0.5)
        (Split-Path -Leaf $segs[0].Path) | Should -Match '^pester-rec-a_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z(_\d+)?\.wav$'
        $joined = [byte[]]($segs | ForEach-Object { Get-WavData $_.Path } | ForEach-Object { $_ })
        $joined.Length | Should -Be 64000
        [Linq.Enumerable]::SequenceEqual($joined, [byte[]]$script:Expected['pester_rec_a'][0..63999]) | Should -BeTrue
    }

    It '-AsJob records in the background and Stop-Job ends it with every file finalised' {
        $out = New-OutDir
        $r = Invoke-Child @"
`$job = Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -SegmentDuration 0.5 -MaxSpeed 2 -AsJob
`$deadline = (Get-Date).AddSeconds(20)
while (`$job.Output.Count -lt 2 -and (Get-Date) -lt `$deadline) { Start-Sleep -Milliseconds 100 }
`$running = "`$(`$job.State)"
Stop-Job `$job
[pscustomobject]@{ Running = `$running; State = "`$(`$job.State)"; Type = `$job.PSJobTypeName; Segments = @(Receive-Job `$job); Files = @((Get-ChildItem -LiteralPath '$out' -Filter *.wav).FullName) }
"@
        $r.Running | Should -Be 'Running'
        $r.State | Should -Be 'Stopped'
        $r.Type | Should -Be 'AudioRecordingJob'
        @($r.Segments).Count | Should -BeGreaterOrEqual 2
        # Every file on disk is one the job reported, and each has a header that counts exactly its data.
        @($r.Segments.Path | Sort-Object) | Should -Be @($r.Files | Sort-Object)
        foreach ($p in $r.Files) { Get-WavData $p | Out-Null }
    }

    It 'records every device piped from Get-AudioDevice, each into its own files' {
        $out = New-OutDir
        $segs = Invoke-Child "Get-AudioDevice -Name 'pester_rec_*' | Start-AudioRecording -OutputDirectory '$out' -Duration 00:00:01"
        @($segs).Count | Should -Be 2
        foreach ($s in $segs) {
            $data = [byte[]](Get-WavData $s.Path)   # the function's byte[] arrives unrolled as Object[]
            [Linq.Enumerable]::SequenceEqual($data, [byte[]]$script:Expected[$s.Device][0..31999]) | Should -BeTrue
        }
    }

    It 'records labelled clips into OutputDirectory/label, then more as long as the longest one there' {
        $out = New-OutDir
        $first = Invoke-Child "Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -Label snap -ClipDuration 0.25 -Duration 0.5"
        @($first).Count | Should -Be 2
        $first | ForEach-Object { Split-Path (Split-Path $_.Path) -Leaf } | Should -Be @('snap', 'snap')
        $more = Invoke-Child "Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -Label snap -MatchLongestClip -Duration 1"
        @($more).Count | Should -Be 4
        $more | ForEach-Object { $_.Duration } | Sort-Object -Unique | Should -Be 0.25
        @(Get-ChildItem (Join-Path $out 'snap') -Filter *.wav).Count | Should -Be 6
    }

    It 'writes nothing with -WhatIf' {
        $out = New-OutDir
        Invoke-Child "Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -Duration 00:00:01 -WhatIf" | Should -BeNullOrEmpty
        Get-ChildItem $out | Should -BeNullOrEmpty
    }

    It 'stops cleanly when the pipeline stops early, leaving every file finalised' {
        $out = New-OutDir
        $first = Invoke-Child "Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -SegmentDuration 00:00:01 -MaxSpeed 20 | Select-Object -First 1"
        @($first).Count | Should -Be 1
        $first.FramesLost | Should -Be 0
        $files = Get-ChildItem $out -Filter *.wav
        $files.Count | Should -BeGreaterOrEqual 1
        foreach ($f in $files) { (Get-WavData $f.FullName).Length | Should -BeGreaterThan 0 }
        Get-ChildItem $out -Force | Where-Object Name -like '*.partial' | Should -BeNullOrEmpty
    }

    It 'fails with a clear terminating error for an unknown device' {
        $out = New-OutDir
        $r = Invoke-Child "try { Start-AudioRecording -Device 'no such mic' -OutputDirectory '$out' -Duration 00:00:01 } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category.ToString(); `$_.Exception.Message }"
        $r[0] | Should -Match '^AudioDeviceNotFound'
        $r[1] | Should -Be 'ObjectNotFound'
        $r[2] | Should -Match 'pester_rec_a'
        Get-ChildItem $out | Should -BeNullOrEmpty
    }

    It 'reads a bare number as seconds, not ticks' {
        $out = New-OutDir
        $r = Invoke-Child "Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -Duration 1 -MaxSpeed 50"
        @($r).Count | Should -Be 1
        $r[0].Duration | Should -Be 1
    }

    It 'refuses a duration that is not positive' {
        $out = New-OutDir
        $r = Invoke-Child "try { Start-AudioRecording -Device pester_rec_a -OutputDirectory '$out' -Duration 0 } catch { `$_.FullyQualifiedErrorId }"
        $r | Should -Match '^DurationNotPositive'
    }
}

Describe 'Measure-AudioLevel' -Skip:(-not $IsLinux) {
    It 'emits the RMS and peak dBFS of each 100 ms of the microphone' {
        $levels = Invoke-Child "Measure-AudioLevel -Device pester_rec_a -Duration 0.5 -MaxSpeed 20"
        @($levels).Count | Should -Be 5
        $levels[0].PSObject.Properties.Name | Should -Be @('Device', 'Offset', 'Time', 'RmsDb', 'PeakDb')
        $s = [short[]]::new(1600); [Buffer]::BlockCopy($script:Expected['pester_rec_a'], 0, $s, 0, 3200)
        $rms = [math]::Sqrt(($s | ForEach-Object { [double]$_ / 32768 * $_ / 32768 } | Measure-Object -Sum).Sum / 1600)
        $levels[0].RmsDb | Should -BeLessThan (20 * [math]::Log10($rms) + 1e-6)
        $levels[0].RmsDb | Should -BeGreaterThan (20 * [math]::Log10($rms) - 1e-6)
        $levels[1].Offset | Should -Be 0.1
    }
}
