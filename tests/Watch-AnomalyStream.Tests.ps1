# Pester 5 tests for Watch-AnomalyStream. Needs Linux with libportaudio2 (ALSA); no sound card: ALSA's `file` plugin
# turns a raw file into a capture device. ALSA reads ALSA_CONFIG_PATH from the C environment when PortAudio starts,
# and $env: changes in a running pwsh do not reach it, so each check runs in a child pwsh that inherits it.
# The device plays 2 s of a healthy brushless motor, 2 s of one with a damaged propeller, then 2 s healthy again
# (tests/fixtures/watch); the model is an Isolation Forest trained here on 6 s of the healthy motor.

BeforeAll {
    $script:ModulePath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    Import-Module $script:ModulePath   # here only for training and reading FLAC; PortAudio runs in the children
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-watch-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Dir | Out-Null
    $fixtures = "$PSScriptRoot/fixtures/watch"

    function Get-Int16([string] $Path) {
        [AcousticAnomaly.Audio.AudioFile]::ReadAll($Path).Samples | ForEach-Object { [int16][Math]::Round($_ * 32768) }
    }
    $healthy = @(Get-Int16 "$fixtures/bldc-healthy-live.flac")
    $broken = @(Get-Int16 "$fixtures/bldc-propeller-live.flac")
    [int16[]] $script:Signal = $healthy[0..31999] + $broken + $healthy[32000..63999]
    $bytes = [byte[]]::new($script:Signal.Length * 2 + 16000 * 2 * 30)   # zero padding: the plugin repeats stale data at EOF
    [Buffer]::BlockCopy($script:Signal, 0, $bytes, 0, $script:Signal.Length * 2)
    $raw = Join-Path $script:Dir 'motor.raw'
    [IO.File]::WriteAllBytes($raw, $bytes)
    $conf = "pcm.pester_watch { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/null`"; infile `"$raw`"; format `"raw`" }; format S16_LE; rate 16000; channels 1 } }`n"
    # The same signal as a 48 kHz-only microphone delivers it, upsampled with the module's own resampler (scipy
    # resample_poly's design): a native 48 kHz device, so ALSA converts nothing on the way.
    $settings48 = [AcousticAnomaly.Features.FeatureSettings]@{ SampleRate = 48000 }
    $buffer16 = [AcousticAnomaly.Audio.AudioBuffer]::new([AcousticAnomaly.Audio.AudioFormat]::new(16000, 1, 16),
        [float[]]($script:Signal | ForEach-Object { $_ / 32768.0 }))
    $up = [AcousticAnomaly.Features.FeatureExtractor]::new($settings48).ToMono($buffer16)
    [int16[]] $signal48 = $up | ForEach-Object { [int16][Math]::Max(-32768, [Math]::Min(32767, [Math]::Round($_ * 32768))) }
    $bytes48 = [byte[]]::new($signal48.Length * 2 + 48000 * 2 * 30)
    [Buffer]::BlockCopy($signal48, 0, $bytes48, 0, $signal48.Length * 2)
    $raw48 = Join-Path $script:Dir 'motor48.raw'
    [IO.File]::WriteAllBytes($raw48, $bytes48)
    $conf += "pcm.pester_watch48 { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/null`"; infile `"$raw48`"; format `"raw`" }; format S16_LE; rate 48000; channels 1 } }`n"
    $conf += "pcm.!default pester_watch`n"   # required, or Pa_Initialize aborts
    Set-Content -Path (Join-Path $script:Dir 'asound.conf') -Value $conf
    $env:ALSA_CONFIG_PATH = Join-Path $script:Dir 'asound.conf'

    $script:Model = Join-Path $script:Dir 'motor.onnx'
    New-IsolationForestModel -Path "$fixtures/bldc-healthy-train-a.flac", "$fixtures/bldc-healthy-train-b.flac" -OutputPath $script:Model -Seed 1 -ThresholdMethod Contamination | Out-Null   # the forest's own boundary (0)

    # 1 s windows every 0.5 s over the 6 s signal, read at 20x real time (the file device is not paced).
    $script:Common = "-Model '$($script:Model)' -WindowDuration 1 -HopDuration 0.5 -Duration 6 -MaxSpeed 20"

    # Runs a script in a child pwsh with the module loaded; returns its output objects (via CliXml).
    function Invoke-Child([string] $Script) {
        $out = Join-Path $script:Dir ("out-" + [guid]::NewGuid() + ".xml")
        $full = "`$ErrorActionPreference = 'Stop'; Import-Module '$script:ModulePath'; & { $Script } | Export-Clixml -Path '$out' -Depth 3"
        $stderr = & pwsh -NoProfile -NonInteractive -Command $full 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        if ($LASTEXITCODE -ne 0) { throw "child pwsh failed ($LASTEXITCODE): $stderr" }
        if (Test-Path $out) { Import-Clixml -Path $out } else { @() }
    }

    function New-OutDir { $d = Join-Path $script:Dir ("out-" + [guid]::NewGuid()); New-Item -ItemType Directory -Path $d | Out-Null; $d }
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Dir -ErrorAction SilentlyContinue
    Remove-Item Env:ALSA_CONFIG_PATH -ErrorAction SilentlyContinue
}

Describe 'Watch-AnomalyStream' -Skip:(-not $IsLinux) {
    It 'scores every window and flags exactly those over the spliced fault' {
        $r = @(Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common")
        $r.Count | Should -Be 11
        $r[0].PSObject.Properties.Name | Should -Be @('Time', 'Device', 'Offset', 'Score', 'Threshold', 'IsAnomaly', 'LatencyMs', 'FramesLost')
        ($r | ForEach-Object { $_.Offset }) | Should -Be @(1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0)
        ($r | Where-Object IsAnomaly | ForEach-Object { $_.Offset }) | Should -Be @(2.5, 3.0, 3.5, 4.0, 4.5)
        $r.Device | Sort-Object -Unique | Should -Be 'pester_watch'
        $r.FramesLost | Sort-Object -Unique | Should -Be 0
    }

    It 'takes the device from Get-AudioDevice and the model object from New-IsolationForestModel' {
        $r = @(Invoke-Child "`$m = New-IsolationForestModel -Path '$PSScriptRoot/fixtures/watch/bldc-healthy-train-a.flac', '$PSScriptRoot/fixtures/watch/bldc-healthy-train-b.flac' -OutputPath '$(New-OutDir)/m.onnx' -Seed 1 -ThresholdMethod Contamination; Get-AudioDevice -Name pester_watch | Watch-AnomalyStream -Model `$m -WindowDuration 1 -HopDuration 0.5 -Duration 2 -MaxSpeed 20")
        ($r | ForEach-Object { $_.Offset }) | Should -Be @(1.0, 1.5, 2.0)
        $r.Device | Sort-Object -Unique | Should -Be 'pester_watch'
    }

    It 'with -Threshold replaces the stored threshold, and takes -FeatureSet and -Channel' {
        $r = @(Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common -Threshold 1000")
        $r.Count | Should -Be 11
        $r.Threshold | Sort-Object -Unique | Should -Be 1000
        @($r | Where-Object IsAnomaly).Count | Should -Be 0
        # A model of ours carries its feature settings and refuses other ones.
        { Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common -FeatureSet MfccStats -Channel 0" } | Should -Throw '*feature settings*'
    }

    It 'with -AnomalyOnly and -MinConsecutive 3 writes only the windows that end a run of three' {
        $r = @(Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common -AnomalyOnly -MinConsecutive 3")
        ($r | ForEach-Object { $_.Offset }) | Should -Be @(3.5, 4.0, 4.5)
    }

    It 'with -Cooldown suppresses events for that many seconds of audio' {
        $r = @(Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common -AnomalyOnly -Cooldown 1")
        ($r | ForEach-Object { $_.Offset }) | Should -Be @(2.5, 3.5, 4.5)
    }

    It 'saves each event window as a FLAC of exactly its samples and records the audio' {
        $evidence = New-OutDir
        $rec = New-OutDir
        $r = @(Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common -AnomalyOnly -SaveAnomalies '$evidence' -RecordDirectory '$rec' -RecordSegmentDuration 2")
        $r.Count | Should -Be 5
        # -Force: hidden temp files must not be left; the evidence marker (keeps retention away) is the one hidden file.
        $files = @(Get-ChildItem $evidence -Force | Where-Object Name -ne ([AcousticAnomaly.Archive.EvidenceMarker]::FileName) | Sort-Object Name)
        $files.Count | Should -Be 5
        $files.Name | Should -Match '^pester-watch_\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z(_\d+)?\.flac$'
        for ($i = 0; $i -lt 5; $i++) {
            $end = [int]($r[$i].Offset * 16000)
            $got = [int16[]]@(Get-Int16 $files[$i].FullName)
            [Linq.Enumerable]::SequenceEqual($got, [int16[]]$script:Signal[($end - 16000)..($end - 1)]) | Should -BeTrue
        }
        $wavs = @(Get-ChildItem $rec -Filter *.wav)
        $wavs.Count | Should -Be 3
        ($wavs | ForEach-Object { [AcousticAnomaly.Audio.AudioFile]::ReadAll($_.FullName).Frames } | Measure-Object -Sum).Sum | Should -Be 96000
    }

    It 'writes nothing with -WhatIf' {
        $evidence = New-OutDir
        Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common -SaveAnomalies '$evidence' -WhatIf" | Should -BeNullOrEmpty
        Get-ChildItem $evidence | Should -BeNullOrEmpty
    }

    It 'with -WhatIf opens no device and names the piped device, not its index' {
        # An unknown device would be a terminating error once opened: with -WhatIf nothing is opened at all.
        Watch-AnomalyStream -Device 'no such mic' -Model $script:Model -WhatIf -ErrorAction Stop | Should -BeNullOrEmpty
        $text = & pwsh -NoProfile -NonInteractive -Command "Import-Module '$script:ModulePath'; Get-AudioDevice -Name pester_watch | Watch-AnomalyStream -Model '$($script:Model)' -WhatIf" 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0
        $text | Should -Match 'What if: .*Watch for anomalies with motor\.onnx.* on target "pester_watch"'
    }

    It 'warns when -Duration is shorter than one window' {
        $r = Invoke-Child "Watch-AnomalyStream -Device pester_watch -Model '$($script:Model)' -WindowDuration 2 -Duration 1 -MaxSpeed 20 -WarningVariable w -WarningAction SilentlyContinue | Out-Null; `$w.Message"
        $r | Should -Match 'shorter than one 2-s window'
    }

    It 'stops cleanly when the pipeline stops early, leaving every file finalised' {
        $rec = New-OutDir
        $first = @(Invoke-Child "Watch-AnomalyStream -Device pester_watch -Model '$($script:Model)' -WindowDuration 1 -HopDuration 0.5 -MaxSpeed 20 -RecordDirectory '$rec' | Select-Object -First 1")
        $first.Count | Should -Be 1
        $wav = @(Get-ChildItem $rec -Force)
        $wav.Count | Should -Be 1
        [AcousticAnomaly.Audio.AudioFile]::ReadAll($wav[0].FullName).Frames | Should -BeGreaterOrEqual 16000
    }

    It 'reports totals as a WatchSummary information record' {
        $info = Invoke-Child "Watch-AnomalyStream -Device pester_watch $script:Common -InformationVariable iv | Out-Null; `$iv | ForEach-Object MessageData"
        $d = @($info)[0].Devices[0]
        $d.Device | Should -Be 'pester_watch'
        $d.Windows | Should -Be 11
        $d.Anomalies | Should -Be 5
        $d.FramesCaptured | Should -Be 96000
        $d.FramesLost | Should -Be 0
    }

    It 'fails with a clear terminating error for an unknown device' {
        $r = Invoke-Child "try { Watch-AnomalyStream -Device 'no such mic' $script:Common } catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category.ToString(); `$_.Exception.Message }"
        $r[0] | Should -Match '^AudioDeviceNotFound'
        $r[1] | Should -Be 'ObjectNotFound'
        $r[2] | Should -Match 'pester_watch'
    }

    It 'resamples a microphone captured at another rate to the model''s rate as the audio arrives' {
        # At most 5x real time: resampling 48 kHz costs more per block, and at 20x a loaded machine lost blocks here.
        $r = @(Invoke-Child "Watch-AnomalyStream -Device pester_watch48 -Model '$($script:Model)' -WindowDuration 1 -HopDuration 0.5 -Duration 6 -MaxSpeed 5 -SampleRate 48000")
        ($r | ForEach-Object { $_.Offset }) | Should -Be @(1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0)
        ($r | Where-Object IsAnomaly | ForEach-Object { $_.Offset }) | Should -Be @(2.5, 3.0, 3.5, 4.0, 4.5)
        $r.Device | Sort-Object -Unique | Should -Be 'pester_watch48'
    }
}
