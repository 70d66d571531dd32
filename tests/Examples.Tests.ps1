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
    # A tiny classifier (normal/abnormal valve clips) under the name the classifier examples use.
    New-AudioClassifierModel -Path "$t/test" -OutputPath "$t/states.onnx" -Architecture Mlp -Epochs 2 -Seed 1 | Out-Null
    # The README imports ./out/AcousticAnomaly/AcousticAnomaly.psd1 from the repository root.
    New-Item -ItemType SymbolicLink -Path "$t/out" -Target "$script:RepoRoot/out" | Out-Null

    # The virtual microphone: 3 s of a valve, then the file plugin repeats stale data for as long as it is read.
    $raw = Join-Path $script:Dir 'usb.raw'
    [IO.File]::WriteAllBytes($raw, [IO.File]::ReadAllBytes("$PSScriptRoot/fixtures/capture/valve-normal-3s.s16"))
    $conf = "pcm.`"USB Audio`" { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/null`"; infile `"$raw`"; format `"raw`" }; format S16_LE; rate 16000; channels 1 } }`n"
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
        # Device examples, and those that import the module from ./out (which must not replace this session's module
        # with one loaded from a folder that is deleted afterwards), run in a child pwsh.
        if ($Code -match 'Get-AudioDevice|Start-AudioRecording|Watch-AnomalyStream|Watch-AudioClassification|Import-Module') {
            $script = Join-Path $folder 'example.ps1'
            @(
                '$ErrorActionPreference = ''Stop'''
                "Import-Module '$script:ModulePath'"
                '$PSDefaultParameterValues[''Start-AudioRecording:MaxSpeed''] = 1000'
                '$PSDefaultParameterValues[''Watch-AnomalyStream:MaxSpeed''] = 1000'
                '$PSDefaultParameterValues[''Start-AudioRecording:Duration''] = 20'
                '$PSDefaultParameterValues[''Watch-AnomalyStream:Duration''] = 20'
                '$PSDefaultParameterValues[''Watch-AudioClassification:MaxSpeed''] = 1000'
                '$PSDefaultParameterValues[''Watch-AudioClassification:Duration''] = 20'
                "Set-Location -LiteralPath '$folder'"
                '& {'
                $Code
                '} | Out-String | Out-Null'
            ) | Set-Content -Path $script
            $env:ALSA_CONFIG_PATH = $script:AlsaConfig
            try { $err = & pwsh -NoProfile -NonInteractive -File $script 2>&1 | Out-String }
            finally { Remove-Item Env:ALSA_CONFIG_PATH -ErrorAction SilentlyContinue }
            $LASTEXITCODE | Should -Be 0 -Because $err
            $err | Should -BeNullOrEmpty   # nothing on stderr either
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
}
