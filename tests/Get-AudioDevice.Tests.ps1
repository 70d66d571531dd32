# Pester 5 tests for Get-AudioDevice. Needs Linux with libportaudio2 (ALSA). No sound card is needed: ALSA's `file`
# plugin turns raw files into capture devices. ALSA reads ALSA_CONFIG_PATH from the C environment when PortAudio
# starts, and $env: changes in a running pwsh do not reach it, so each check runs in a child pwsh that inherits it.

BeforeAll {
    $script:ModulePath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-vmic-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Dir | Out-Null
    $fixtures = "$PSScriptRoot/fixtures/capture"
    $pad = [byte[]]::new(16000 * 2 * 30)   # the file plugin repeats stale data at EOF: read well inside the file
    $conf = ""
    foreach ($m in @(@{ Name = 'pester_mic_a'; Src = 'valve-normal-3s.s16' }, @{ Name = 'pester_mic_b'; Src = 'valve-anomaly-3s.s16' })) {
        $raw = Join-Path $script:Dir "$($m.Name).raw"
        [IO.File]::WriteAllBytes($raw, [byte[]]([IO.File]::ReadAllBytes((Join-Path $fixtures $m.Src)) + $pad))
        $conf += "pcm.$($m.Name) { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/null`"; infile `"$raw`"; format `"raw`" }; format S16_LE; rate 16000; channels 1 } }`n"
    }
    # Reads fail (its tee file is /dev/full), so PortAudio takes its PA_ENSURE error paths.
    $broken = Join-Path $script:Dir 'broken_mic.raw'
    [IO.File]::WriteAllBytes($broken, $pad)
    $conf += "pcm.broken_mic { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/full`"; infile `"$broken`"; format `"raw`" }; format S16_LE; rate 16000; channels 1 } }`n"
    $conf += "pcm.!default pester_mic_a`n"   # required, or Pa_Initialize aborts
    Set-Content -Path (Join-Path $script:Dir 'asound.conf') -Value $conf
    $env:ALSA_CONFIG_PATH = Join-Path $script:Dir 'asound.conf'

    # Runs a script block in a child pwsh with the module loaded; returns its output objects (via CliXml).
    function Invoke-Child([string] $Script) {
        $out = Join-Path $script:Dir ("out-" + [guid]::NewGuid() + ".xml")
        $full = "`$ErrorActionPreference = 'Stop'; Import-Module '$script:ModulePath'; & { $Script } | Export-Clixml -Path '$out' -Depth 3"
        $stderr = & pwsh -NoProfile -NonInteractive -Command $full 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        if ($LASTEXITCODE -ne 0) { throw "child pwsh failed ($LASTEXITCODE): $stderr" }
        if (Test-Path $out) { Import-Clixml -Path $out } else { @() }
    }
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Dir -ErrorAction SilentlyContinue
    Remove-Item Env:ALSA_CONFIG_PATH -ErrorAction SilentlyContinue
}

Describe 'Get-AudioDevice' -Skip:(-not $IsLinux) {
    It 'lists the virtual microphones with their properties' {
        $devices = Invoke-Child 'Get-AudioDevice'
        $devices.Name | Should -Contain 'pester_mic_a'
        $devices.Name | Should -Contain 'pester_mic_b'
        $a = $devices | Where-Object Name -eq 'pester_mic_a'
        $a.HostApi | Should -Be 'ALSA'
        $a.DefaultSampleRate | Should -Be 16000
        $a.MaxInputChannels | Should -BeGreaterThan 0
        $a.IsDefaultInput | Should -BeFalse
        ($devices | Where-Object IsDefaultInput).Name | Should -Be 'default'
    }

    It 'emits objects with exactly the documented properties' {
        $d = Invoke-Child 'Get-AudioDevice -Name pester_mic_a'
        @($d).Count | Should -Be 1
        $d.PSObject.Properties.Name | Should -Be @('Index', 'Name', 'HostApi', 'MaxInputChannels', 'DefaultSampleRate', 'IsDefaultInput')
    }

    It 'filters by wildcard' {
        $d = Invoke-Child "Get-AudioDevice -Name 'pester_*'"
        $d.Name | Should -Be @('pester_mic_a', 'pester_mic_b')
    }

    It 'writes a non-terminating error naming the available devices for an unknown name' {
        $r = Invoke-Child "`$found = Get-AudioDevice -Name 'no such mic', 'pester_mic_b' -ErrorAction SilentlyContinue -ErrorVariable e; `$found.Name; `$e | ForEach-Object { `$_.FullyQualifiedErrorId + '|' + `$_.CategoryInfo.Category + '|' + `$_.Exception.Message }; 'ok'"
        $r[-1] | Should -Be 'ok'
        $r[0] | Should -Be 'pester_mic_b'   # the other name still resolved
        $r[1] | Should -Match '^AudioDeviceNotFound,'
        $r[1] | Should -Match 'ObjectNotFound'
        $r[1] | Should -Match 'pester_mic_a'
    }

    It 'writes nothing on stderr, so a background job returns the devices' {
        # libjack ("Cannot connect to server socket ...") and ALSA printed on stderr at every PortAudio start, which made
        # Start-Job fail with OpenError and filled logs. The job runs in its own process, with the same ALSA config.
        $err = Join-Path $script:Dir 'stderr.txt'
        $names = & pwsh -NoProfile -NonInteractive -Command "Start-Job { Import-Module '$script:ModulePath'; (Get-AudioDevice).Name } | Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop; Import-Module '$script:ModulePath'; Get-AudioDevice | Out-Null" 2>$err
        $LASTEXITCODE | Should -Be 0
        $names | Should -Contain 'pester_mic_a'
        Get-Content -Raw $err | Should -BeNullOrEmpty
    }

    It 'prints no PortAudio "Expression ... failed" lines when a device''s reads fail' {
        # PortAudio's PA_ENSURE wrote "Expression '...' failed in 'src/hostapi/alsa/pa_linux_alsa.c'" for every failed
        # read (issue 9 defect 2); the capture reports the failure itself, as an error record.
        $err = Join-Path $script:Dir 'stderr-broken.txt'
        $rec = Join-Path $script:Dir 'rec-broken'
        & pwsh -NoProfile -NonInteractive -Command "Import-Module '$script:ModulePath'; Start-AudioRecording -Device broken_mic -Duration 1 -OutputDirectory '$rec' -ErrorAction SilentlyContinue | Out-Null" 2>$err
        Get-Content -Raw $err | Should -Not -Match 'pa_linux_alsa|Expression '
    }

    It 'completes device names through the argument completer' {
        $r = Invoke-Child "(TabExpansion2 -inputScript 'Get-AudioDevice -Name pester_mic_' -cursorColumn 32).CompletionMatches.CompletionText"
        $r | Should -Contain 'pester_mic_a'
        $r | Should -Contain 'pester_mic_b'
    }
}
