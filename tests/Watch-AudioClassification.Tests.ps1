#Requires -Modules Pester
# Pester 5 tests for Watch-AudioClassification. As for Watch-AnomalyStream (see its tests): ALSA's `file` plugin turns
# a raw file into a capture device, and PortAudio reads ALSA_CONFIG_PATH only from the C environment, so the watch runs
# in a child pwsh. The device plays 2 s of a 300 Hz tone then 2 s of a 3.2 kHz one; the classifier is an Mlp trained
# here on 0.5 s clips of three tones (low, mid, high).

BeforeAll {
    $script:ModulePath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    Import-Module $script:ModulePath   # here only for training; PortAudio runs in the child
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-watchclass-" + [guid]::NewGuid())
    $data = Join-Path $script:Dir 'data'
    $rng = [Random]::new(5)
    function Get-Tone([double]$Hz, [int]$Samples, [double]$Amplitude) {
        $phase = $rng.NextDouble() * 6.28
        [int16[]] $x = foreach ($i in 0..($Samples - 1)) {
            [int16][Math]::Round(32767 * ($Amplitude * [Math]::Sin(2 * [Math]::PI * $Hz * $i / 16000 + $phase) + 0.02 * ($rng.NextDouble() - 0.5)))
        }
        , $x
    }
    function Write-Wav([string]$Path, [int16[]]$Pcm) {
        $w = [IO.BinaryWriter]::new([IO.File]::Create($Path))
        try {
            $n = $Pcm.Length
            $w.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $w.Write([int](36 + 2 * $n)); $w.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
            $w.Write([int]16); $w.Write([int16]1); $w.Write([int16]1); $w.Write([int]16000); $w.Write([int]32000); $w.Write([int16]2); $w.Write([int16]16)
            $w.Write([Text.Encoding]::ASCII.GetBytes('data')); $w.Write([int](2 * $n))
            foreach ($v in $Pcm) { $w.Write($v) }
        } finally { $w.Dispose() }
    }
    foreach ($tone in @(@('high', 3200), @('low', 300), @('mid', 1100))) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $data $tone[0]) -Force
        for ($i = 0; $i -lt 8; $i++) { Write-Wav (Join-Path $folder "$($tone[0])_$i.wav") (Get-Tone ($tone[1] * (0.95 + 0.1 * $rng.NextDouble())) 8000 (0.2 + 0.3 * $rng.NextDouble())) }
    }
    $script:Model = Join-Path $script:Dir 'tones.onnx'
    New-AudioClassifierModel -Path $data -OutputPath $script:Model -Architecture Mlp -Epochs 15 -BatchSize 8 -LearningRate 0.01 -Seed 2 | Out-Null

    [int16[]] $signal = (Get-Tone 300 32000 0.3) + (Get-Tone 3200 32000 0.3)
    $bytes = [byte[]]::new($signal.Length * 2 + 16000 * 2 * 30)   # zero padding: the plugin repeats stale data at EOF
    [Buffer]::BlockCopy($signal, 0, $bytes, 0, $signal.Length * 2)
    $raw = Join-Path $script:Dir 'tones.raw'
    [IO.File]::WriteAllBytes($raw, $bytes)
    $conf = "pcm.pester_tones { type plug; slave { pcm { type file; slave.pcm { type null }; file `"/dev/null`"; infile `"$raw`"; format `"raw`" }; format S16_LE; rate 16000; channels 1 } }`n"
    $conf += "pcm.!default pester_tones`n"   # required, or Pa_Initialize aborts
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
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Dir -ErrorAction SilentlyContinue
}

Describe 'Watch-AudioClassification' {
    It 'labels each window with the tone being played' {
        $results = @(Invoke-Child "Watch-AudioClassification -Device pester_tones -Model '$($script:Model)' -WindowDuration 0.5 -Duration 4 -MaxSpeed 20")
        $results.Count | Should -Be 8   # 0.5 s windows every 0.5 s (the default hop) over 4 s
        $results[0].PSObject.Properties.Name | Should -Be @('Time', 'Device', 'Offset', 'Label', 'Probability', 'IsEvent', 'LatencyMs', 'FramesLost')
        @($results | Where-Object { $_.Offset -le 2 }).Label | Sort-Object -Unique | Should -Be 'low'
        @($results | Where-Object { $_.Offset -gt 2 }).Label | Sort-Object -Unique | Should -Be 'high'
        $results[0].IsEvent | Should -BeTrue    # the first confident low
        $results[1].IsEvent | Should -BeFalse   # held off: the same label within 2 s
    }

    It 'with -ChangesOnly writes only the label changes; -EvidenceDirectory and -RecordDirectory keep their windows and the audio' {
        $evidence = Join-Path $script:Dir 'evidence'
        $record = Join-Path $script:Dir 'rec'
        $results = @(Invoke-Child "Watch-AudioClassification pester_tones '$($script:Model)' -WindowDuration 0.5 -HopDuration 0.5 -Duration 4 -MaxSpeed 20 -ChangesOnly -EvidenceDirectory '$evidence' -RecordDirectory '$record' -RecordSegmentDuration 2")
        $results.Label | Should -Be @('low', 'high')
        $results[1].Offset | Should -Be 2.5
        $flac = @(Get-ChildItem -Path $evidence -Filter *.flac | Sort-Object Name)
        $flac.Count | Should -Be 2   # one per event: the first low, the first high
        $flac[0].Name | Should -BeLike 'pester-tones-high_*'
        $flac[1].Name | Should -BeLike 'pester-tones-low_*'
        $wav = @(Get-ChildItem -Path $record -Filter *.wav)
        $wav.Count | Should -Be 2
        $wav | ForEach-Object { $_.Length | Should -BeGreaterThan (2 * 2 * 16000) }   # 2 s of 16-bit mono each, and a header
        $wav | ForEach-Object { $_.Length | Should -BeLessThan (2 * 2 * 16000 + 200) }
    }

    It 'with -Listen and -Reply sends each label back to Send-AudioStream, which emits it' {
        $wav = Join-Path $script:Dir 'tones.wav'
        Write-Wav $wav ((Get-Tone 300 32000 0.3) + (Get-Tone 3200 32000 0.3))
        $l = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        $watch = Start-ThreadJob {
            Import-Module $using:ModulePath
            Watch-AudioClassification -Listen "127.0.0.1:$($using:port)" -Model $using:Model -WindowDuration 0.5 -Duration 4 -ChangesOnly -HoldOff 0 -Reply
        }
        # Waits until the watch listens on the UDP port (binding it then fails).
        $deadline = (Get-Date).AddSeconds(30)
        while ((Get-Date) -lt $deadline) {
            try { [Net.Sockets.UdpClient]::new([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, $port)).Dispose(); Start-Sleep -Milliseconds 100 }
            catch { break }
        }
        $replies = @(Send-AudioStream -LiteralPath $wav -Destination "127.0.0.1:$port" -StreamName pump7 -Speed 20)
        $results = @($watch | Wait-Job -Timeout 60 | Receive-Job)
        $watch | Remove-Job -Force
        $results[0].Label | Should -Be 'low'
        $results[-1].Label | Should -Be 'high'
        $replies.Label | Should -Be $results.Label
        $replies.Probability | Should -Be $results.Probability
        $replies.Device | Sort-Object -Unique | Should -Be 'pump7'
    }

    It 'supports -WhatIf without opening a device' {
        Watch-AudioClassification -Device no_such_device -Model $script:Model -WhatIf | Should -BeNullOrEmpty
    }
}
