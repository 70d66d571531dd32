#Requires -Modules Pester
# Pester 5: the README's PowerShell blocks and every cmdlet help example run as written, so documentation cannot rot.
# Each example runs in its own copy of a small folder holding the files the examples name (normal/, test/, rec/,
# models/pump.onnx, ...: 1.5-s MIMII DG valve clips from tests/fixtures/evaluation-audio). Examples that open audio
# devices (or import the module) run in a child pwsh (ALSA reads ALSA_CONFIG_PATH when PortAudio starts, which $env: here cannot reach)
# against a virtual microphone named 'USB Audio' (ALSA's file plugin). Such a device is not paced by a sound card, so
# the child gets two documented parameters as defaults, never overriding what an example says:
#   -MaxSpeed 1000  reads the file device at most 1000x real time ("only for file-backed or virtual test devices"),
#                   so `-Duration 3600` is an hour of audio in seconds;
#   -Duration 20    stands in for the Ctrl+C that ends the examples that run until stopped.

BeforeDiscovery {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:HelpExamples = foreach ($c in (Get-Command -Module AcousticAnomaly -CommandType Cmdlet | Sort-Object Name)) {
        $n = 0
        foreach ($e in (Get-Help $c.Name).Examples.Example) {
            $n++
            @{ Name = "$($c.Name) example $n"; Code = ($e.Code -join "`n").Trim() }
        }
    }
    $readme = Get-Content -Raw "$PSScriptRoot/../README.md"
    $n = 0
    $script:ReadmeExamples = foreach ($m in [regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```')) {
        $n++
        @{ Name = "README block $n"; Code = $m.Groups[1].Value.Trim() }
    }
    # Examples that talk to another machine by name (a scorer, the plant's MQTT broker) cannot run on one box; the
    # same commands run against loopback in Send-AudioStream.Tests.ps1 and the xunit network tests.
    # A listener waits for senders from elsewhere (its -Duration counts received audio, so alone it never ends).
    $remote = '\b(scorer01|broker):\d+|-Listen\b'
    $script:RemoteExamples = @($script:HelpExamples; $script:ReadmeExamples) | Where-Object { $_.Code -match $remote }
    $script:HelpExamples = $script:HelpExamples | Where-Object { $_.Code -notmatch $remote }
    $script:ReadmeExamples = $script:ReadmeExamples | Where-Object { $_.Code -notmatch $remote }
}

BeforeAll {
    $script:RepoRoot = (Resolve-Path "$PSScriptRoot/..").Path
    $script:ModulePath = "$script:RepoRoot/out/AcousticAnomaly/AcousticAnomaly.psd1"
    Import-Module $script:ModulePath -Force
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-examples-" + [guid]::NewGuid())
    $t = Join-Path $script:Dir 'template'
    foreach ($d in 'normal', 'abnormal', 'test/normal', 'test/abnormal', 'rec', 'recordings', 'models') {
        New-Item -ItemType Directory -Force -Path (Join-Path $t $d) | Out-Null
    }
    $audio = "$PSScriptRoot/fixtures/evaluation-audio"
    function ConvertTo-Wav([string] $From, [string] $To) { & sox $From $To; if ($LASTEXITCODE) { throw "sox failed on $From" } }
    foreach ($f in Get-ChildItem "$audio/train/*.flac") {
        Copy-Item $f.FullName "$t/normal/"
        ConvertTo-Wav $f.FullName "$t/normal/$($f.BaseName).wav"
    }
    foreach ($f in Get-ChildItem "$audio/normal/*.flac") {
        Copy-Item $f.FullName "$t/test/normal/"
        ConvertTo-Wav $f.FullName "$t/test/$($f.BaseName).wav"
    }
    foreach ($f in Get-ChildItem "$audio/abnormal/*.flac") {
        Copy-Item $f.FullName "$t/test/abnormal/"
        ConvertTo-Wav $f.FullName "$t/test/$($f.BaseName).wav"
        ConvertTo-Wav $f.FullName "$t/abnormal/$($f.BaseName).wav"
    }
    # Recorder-style segment names, so -GroupBy finds their start times.
    $i = 0
    foreach ($f in Get-ChildItem "$audio/normal/*.flac" | Select-Object -First 2) {
        foreach ($d in 'rec', 'recordings') { ConvertTo-Wav $f.FullName "$t/$d/mic_2026-11-22T10-15-0$($i * 2).000Z.wav" }
        $i++
    }
    Copy-Item (Get-ChildItem "$audio/abnormal/*.flac" | Select-Object -First 1).FullName "$t/clip.flac"
    & sox (Get-ChildItem "$audio/normal/*.flac" | Select-Object -ExpandProperty FullName) (Get-ChildItem "$audio/abnormal/*.flac" | Select-Object -ExpandProperty FullName) "$t/long.flac"
    if ($LASTEXITCODE) { throw 'sox failed on long.flac' }
    Get-ChildItem "$t/test/*.wav" | ForEach-Object {
        [pscustomobject]@{ Path = "test/$($_.Name)"; Label = if ($_.Name -match 'anomaly') { 'abnormal' } else { 'normal' } }
    } | Export-Csv "$t/labels.csv"
    # The models the examples score with: one tiny Isolation Forest under every name they use.
    New-IsolationForestModel -Path (Get-ChildItem "$audio/train/*.flac").FullName -OutputPath "$t/models/pump.onnx" -Seed 1 | Out-Null
    foreach ($m in 'models/valve.onnx', 'pump.onnx', 'valve.onnx', 'fan.onnx') { Copy-Item "$t/models/pump.onnx" "$t/$m" }
    # Labelled data for the dataset and classifier examples: data/<label>/ (speech commands, plus a 'snap' label),
    # test-data/ and clips/ and new/ (the same clips), takes/ (recordings to cut), a split with its manifest, and a
    # tiny classifier under the name the examples use.
    $speech = "$PSScriptRoot/fixtures/speechcommands-mini"
    foreach ($d in 'data', 'test-data') { Copy-Item -Recurse $speech "$t/$d"; Remove-Item "$t/$d/ATTRIBUTION.md" }
    New-Item -ItemType Directory -Force -Path "$t/data/snap", "$t/clips", "$t/new", "$t/takes" | Out-Null
    Copy-Item "$speech/bed/004ae714_nohash_*.wav" "$t/data/snap/"
    Copy-Item "$speech/cat/*.wav" "$t/clips/"
    Copy-Item "$speech/happy/*.wav" "$t/new/"
    ConvertTo-Wav "$t/long.flac" "$t/long.wav"
    ConvertTo-Wav "$t/long.flac" "$t/takes/machine.wav"
    Copy-Item "$t/normal/$((Get-ChildItem "$audio/train/*.flac" | Select-Object -First 1).BaseName).wav" "$t/pump7.wav"
    Split-AudioDataset -Path "$t/data" -OutputDirectory "$t/split" -Seed 1 | Out-Null
    New-AudioClassifierModel -Path "$t/data" -OutputPath "$t/states.onnx" -Architecture Mlp -Seed 1 | Out-Null
    # DCASE-style names carrying the domain, for the domain-aware examples.
    New-Item -ItemType Directory -Force -Path "$t/dev/train" | Out-Null
    $k = 0
    foreach ($f in Get-ChildItem "$t/normal/*.wav") {
        $domain = if ($k % 3 -eq 2) { 'target' } else { 'source' }
        Copy-Item $f.FullName ("$t/dev/train/section_00_{0}_train_normal_{1:d4}.wav" -f $domain, $k)
        $k++
    }
    # The README imports ./out/AcousticAnomaly/AcousticAnomaly.psd1 from the repository root.
    New-Item -ItemType SymbolicLink -Path "$t/out" -Target "$script:RepoRoot/out" | Out-Null

    # The virtual microphone: 3 s of a valve, then the file plugin repeats stale data for as long as it is read.
    $raw = Join-Path $script:Dir 'usb.raw'
    [IO.File]::WriteAllBytes($raw, [IO.File]::ReadAllBytes("$PSScriptRoot/fixtures/capture/valve-normal-3s.s16"))
    $conf = "pcm.`"USB Audio`" { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/null`"; infile `"$raw`"; format `"raw`" }; format S16_LE; rate 16000; channels 1 } }`n"
    $conf += "pcm.mic `"USB Audio`"`n"          # the examples that say -Device mic
    $conf += "pcm.!default `"USB Audio`"`n"   # required, or Pa_Initialize aborts
    $script:AlsaConfig = Join-Path $script:Dir 'asound.conf'
    Set-Content -Path $script:AlsaConfig -Value $conf

    # A fresh copy of the template per example, so no example depends on another's output.
    function New-ExampleFolder {
        $d = Join-Path $script:Dir ("ex-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        Copy-Item -Recurse $t $d
        $d
    }

    # The files an example says it writes (-OutputPath, -ReportPath, Export-Csv); each must exist afterwards.
    function Get-PromisedFile([string] $Code) {
        [regex]::Matches($Code, '(?:-OutputPath|-ReportPath|Export-Csv)\s+([^\s|)]+)') | ForEach-Object { $_.Groups[1].Value }
    }

    function Invoke-Example([string] $Code) {
        $folder = New-ExampleFolder
        # A model the example trains must not be there already (the template holds models for the examples that score).
        foreach ($f in Get-PromisedFile $Code) { Remove-Item -LiteralPath (Join-Path $folder $f) -ErrorAction SilentlyContinue }
        # Likewise a split the example makes (the template holds one for the examples that augment its training side).
        foreach ($m in [regex]::Matches($Code, 'Split-AudioDataset\b[^|\n]*-OutputDirectory\s+([^\s|)]+)')) {
            Remove-Item -LiteralPath (Join-Path $folder $m.Groups[1].Value) -Recurse -ErrorAction SilentlyContinue
        }
        # Device examples, and those that import the module from ./out (which must not replace this session's module
        # with one loaded from a folder that is deleted afterwards), run in a child pwsh.
        if ($Code -match 'Get-AudioDevice|Start-AudioRecording|Watch-AnomalyStream|Watch-AudioClassification|Measure-AudioLevel|Send-AudioStream|Import-Module') {
            $script = Join-Path $folder 'example.ps1'
            @(
                '$ErrorActionPreference = ''Stop'''
                "Import-Module '$script:ModulePath'"
                '$PSDefaultParameterValues[''Start-AudioRecording:MaxSpeed''] = 1000'
                '$PSDefaultParameterValues[''Watch-AnomalyStream:MaxSpeed''] = 1000'
                '$PSDefaultParameterValues[''Start-AudioRecording:Duration''] = 20'
                '$PSDefaultParameterValues[''Watch-AnomalyStream:Duration''] = 20'
                '$PSDefaultParameterValues[''Measure-AudioLevel:MaxSpeed''] = 1000'
                '$PSDefaultParameterValues[''Measure-AudioLevel:Duration''] = 20'
                '$PSDefaultParameterValues[''Watch-AudioClassification:MaxSpeed''] = 1000'
                '$PSDefaultParameterValues[''Watch-AudioClassification:Duration''] = 20'
                "Set-Location -LiteralPath '$folder'"
                '& {'
                $Code
                '} | Out-String | Out-Null'
            ) | Set-Content -Path $script
            # A bounded wait: an example that never ends fails here instead of holding up the whole run.
            $psi = [Diagnostics.ProcessStartInfo]::new('pwsh')
            foreach ($a in '-NoProfile', '-NonInteractive', '-File', $script) { $psi.ArgumentList.Add($a) }
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $psi.Environment['ALSA_CONFIG_PATH'] = $script:AlsaConfig
            $p = [Diagnostics.Process]::Start($psi)
            $out = $p.StandardOutput.ReadToEndAsync()
            $err = $p.StandardError.ReadToEndAsync()
            if (-not $p.WaitForExit(180000)) {
                $p.Kill($true)
                throw "the example did not finish within 180 s: $Code"
            }
            $p.WaitForExit()
            $p.ExitCode | Should -Be 0 -Because ($out.Result + $err.Result)
            $err.Result | Should -BeNullOrEmpty   # nothing on stderr either
        } else {
            # Opening a picture with the desktop's viewer cannot happen here; the stand-in binds -Path as Invoke-Item
            # does (by property name) and checks that it names an existing file.
            function Invoke-Item { param([Parameter(Mandatory, ValueFromPipelineByPropertyName)][string[]] $Path) process { $Path | Should -Exist } }
            Push-Location -LiteralPath $folder
            try {
                $ErrorActionPreference = 'Stop'
                & ([scriptblock]::Create($Code)) | Out-String | Out-Null
            }
            finally { Pop-Location }
        }
        foreach ($f in Get-PromisedFile $Code) { Join-Path $folder $f | Should -Exist }
    }
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Dir -ErrorAction SilentlyContinue
}

Describe 'Documentation examples' -Skip:(-not $IsLinux) {
    It '<Name> runs as written' -ForEach $script:HelpExamples {
        Invoke-Example $Code
    }

    It '<Name> runs as written' -ForEach $script:ReadmeExamples {
        Invoke-Example $Code
    }

    It '<Name> runs as written' -ForEach $script:RemoteExamples {
        Set-ItResult -Skipped -Because 'it needs another machine (a named scorer or broker, or senders for a listener)'
    }
}
