# Pester 5 tests for Send-AudioStream, Watch-AnomalyStream -Listen/-Reply/-MqttBroker and Receive-AnomalyEvent, all on
# loopback with a real Mosquitto started here on a free port. No sound card or PortAudio: the audio comes over RTP from
# a file (2 s of a healthy brushless motor, 2 s with a damaged propeller, 2 s healthy again; tests/fixtures/watch).

BeforeAll {
    $script:ModulePath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    Import-Module $script:ModulePath
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-net-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Dir | Out-Null
    $fixtures = "$PSScriptRoot/fixtures/watch"

    function Get-Int16([string] $Path) {
        [AcousticAnomaly.Audio.AudioFile]::ReadAll($Path).Samples | ForEach-Object { [int16][Math]::Round($_ * 32768) }
    }
    $healthy = @(Get-Int16 "$fixtures/bldc-healthy-live.flac")
    $broken = @(Get-Int16 "$fixtures/bldc-propeller-live.flac")
    [int16[]] $signal = $healthy[0..31999] + $broken + $healthy[32000..63999]
    # A 16 kHz mono 16-bit WAV: the 44-byte header, then the samples.
    $data = [byte[]]::new($signal.Length * 2)
    [Buffer]::BlockCopy($signal, 0, $data, 0, $data.Length)
    $ms = [IO.MemoryStream]::new(); $w = [IO.BinaryWriter]::new($ms)
    $w.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $w.Write([int](36 + $data.Length)); $w.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
    $w.Write([int]16); $w.Write([int16]1); $w.Write([int16]1); $w.Write([int]16000); $w.Write([int]32000); $w.Write([int16]2); $w.Write([int16]16)
    $w.Write([Text.Encoding]::ASCII.GetBytes('data')); $w.Write([int]$data.Length); $w.Write($data); $w.Flush()
    $script:Wav = Join-Path $script:Dir 'motor.wav'
    [IO.File]::WriteAllBytes($script:Wav, $ms.ToArray())

    $script:Model = Join-Path $script:Dir 'motor.onnx'
    New-IsolationForestModel -Path "$fixtures/bldc-healthy-train-a.flac", "$fixtures/bldc-healthy-train-b.flac" -OutputPath $script:Model -Seed 1 -ThresholdMethod Contamination | Out-Null   # the forest's own boundary (0), as Watch-AnomalyStream.Tests.ps1

    function Get-FreePort {
        $l = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $l.Start(); $p = $l.LocalEndpoint.Port; $l.Stop(); $p
    }
    $script:MqttPort = Get-FreePort
    Set-Content -Path (Join-Path $script:Dir 'mosquitto.conf') -Value "listener $($script:MqttPort) 127.0.0.1`nallow_anonymous true`n"
    $mosquitto = if (Test-Path /usr/sbin/mosquitto) { '/usr/sbin/mosquitto' } else { 'mosquitto' }
    $script:Broker = Start-Process -FilePath $mosquitto -ArgumentList '-c', (Join-Path $script:Dir 'mosquitto.conf') -PassThru -RedirectStandardError (Join-Path $script:Dir 'mosquitto.log')
    $deadline = (Get-Date).AddSeconds(10)
    while ((Get-Date) -lt $deadline) {
        try { [Net.Sockets.TcpClient]::new('127.0.0.1', $script:MqttPort).Dispose(); break } catch { Start-Sleep -Milliseconds 50 }
    }

    # Waits until something listens on a UDP port (binding it then fails).
    function Wait-UdpListener([int] $Port) {
        $deadline = (Get-Date).AddSeconds(30)
        while ((Get-Date) -lt $deadline) {
            try { [Net.Sockets.UdpClient]::new([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, $Port)).Dispose(); Start-Sleep -Milliseconds 100 }
            catch { return }
        }
        throw "nothing listens on UDP $Port"
    }
}

AfterAll {
    if ($script:Broker -and -not $script:Broker.HasExited) { Stop-Process -Id $script:Broker.Id }
    Remove-Item -Recurse -Force -Path $script:Dir -ErrorAction SilentlyContinue
}

Describe 'Send-AudioStream into Watch-AnomalyStream -Listen' {
    It 'scores the stream, replies each event to the sender and publishes it on MQTT for Receive-AnomalyEvent' {
        $port = Get-FreePort
        $broker = "127.0.0.1:$($script:MqttPort)"
        $events = Start-ThreadJob {
            Import-Module $using:ModulePath
            Receive-AnomalyEvent -MqttBroker $using:broker -MqttTopic 'plant/#' -Count 5 -Timeout 60
        }
        $watch = Start-ThreadJob {
            Import-Module $using:ModulePath
            Watch-AnomalyStream -Listen "127.0.0.1:$($using:port)" -Model $using:Model -WindowDuration 1 -HopDuration 0.5 -Duration 6 `
                -AnomalyOnly -Reply -MqttBroker $using:broker -MqttTopic plant/line3/pump7
        }
        Wait-UdpListener $port
        Start-Sleep -Milliseconds 500   # the subscriber is connected well before the first event

        $replies = @(Send-AudioStream -LiteralPath $script:Wav -Destination "127.0.0.1:$port" -StreamName pump7 -Speed 20)
        $results = @($watch | Wait-Job -Timeout 60 | Receive-Job)
        $published = @($events | Wait-Job -Timeout 60 | Receive-Job)

        $results.Offset | Should -Be @(2.5, 3.0, 3.5, 4.0, 4.5)
        $results.Device | Should -Be (@('pump7') * 5)
        $replies | Should -HaveCount 5
        $replies[0] | Should -BeOfType ([AcousticAnomaly.Network.AnomalyEventMessage])
        $replies.WindowOffset | Should -Be @(2.5, 3.0, 3.5, 4.0, 4.5)
        $replies.IsAnomaly | Should -Be (@($true) * 5)
        $published.WindowOffset | Should -Be @(2.5, 3.0, 3.5, 4.0, 4.5)
        $published.Topic | Should -Be (@('plant/line3/pump7') * 5)
    }

    It 'stops with a clear error for a bad listen address' {
        { Watch-AnomalyStream -Listen 'nohost:99999' -Model $script:Model -Duration 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidListenAddress,AcousticAnomaly.PowerShell.WatchAnomalyStreamCommand'
    }
}
