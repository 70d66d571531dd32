# Pester 5 tests for Send-AudioStream, Watch-AnomalyStream -Listen/-Reply/-MqttBroker and Receive-AnomalyEvent (also over
# TLS with a login, certificates made here with openssl), all on
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
    # Starts Mosquitto on a free loopback port with these extra configuration lines; returns the process and its port.
    function Start-Mosquitto([string] $Name, [string] $Config) {
        $port = Get-FreePort
        $conf = Join-Path $script:Dir "$Name.conf"
        # Run as root, mosquitto would switch to its own user, which cannot read our key and password files.
        Set-Content -Path $conf -Value "listener $port 127.0.0.1`nuser $([Environment]::UserName)`n$Config"
        $mosquitto = if (Test-Path /usr/sbin/mosquitto) { '/usr/sbin/mosquitto' } else { 'mosquitto' }
        $process = Start-Process -FilePath $mosquitto -ArgumentList '-c', $conf -PassThru -RedirectStandardError (Join-Path $script:Dir "$Name.log")
        $deadline = (Get-Date).AddSeconds(10)
        while ((Get-Date) -lt $deadline) {
            try { [Net.Sockets.TcpClient]::new('127.0.0.1', $port).Dispose(); break } catch { Start-Sleep -Milliseconds 50 }
        }
        [pscustomobject]@{ Process = $process; Port = $port }
    }
    $plain = Start-Mosquitto 'mosquitto' 'allow_anonymous true'
    $script:Broker = $plain.Process
    $script:MqttPort = $plain.Port

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
    if ($script:TlsBroker -and -not $script:TlsBroker.Process.HasExited) { Stop-Process -Id $script:TlsBroker.Process.Id }
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

Describe 'Receive-AnomalyEvent from a TLS broker that wants a login' {
    BeforeAll {
        # A plant's broker: a CA made here with openssl signs the broker's certificate (for 127.0.0.1), anonymous
        # clients are refused, the login is in a mosquitto_passwd file.
        $tls = Join-Path $script:Dir 'tls'
        New-Item -ItemType Directory -Path $tls | Out-Null
        $ec = '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'
        openssl req -x509 @ec -keyout "$tls/ca.key" -out "$tls/ca.crt" -days 2 -subj '/CN=Pester test CA' 2>&1 | Out-Null
        openssl req -new @ec -keyout "$tls/server.key" -out "$tls/server.csr" -subj '/CN=localhost' 2>&1 | Out-Null
        Set-Content -Path "$tls/server.ext" -Value 'subjectAltName=IP:127.0.0.1,DNS:localhost'
        openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -out "$tls/server.crt" -days 2 -extfile "$tls/server.ext" 2>&1 | Out-Null
        $secret = 'Pester-Pa55'
        mosquitto_passwd -c -b "$tls/passwd" watcher $secret
        $script:CaFile = "$tls/ca.crt"
        $script:Credential = [pscredential]::new('watcher', (ConvertTo-SecureString $secret -AsPlainText -Force))
        $script:TlsBroker = Start-Mosquitto 'mosquitto-tls' ("allow_anonymous false`npassword_file $tls/passwd`n" +
            "cafile $tls/ca.crt`ncertfile $tls/server.crt`nkeyfile $tls/server.key")
        $script:TlsAddress = "127.0.0.1:$($script:TlsBroker.Port)"
    }

    It 'receives the events a watch publishes over TLS with -MqttCaFile and -MqttCredential' {
        $port = Get-FreePort
        $events = Start-ThreadJob {
            Import-Module $using:ModulePath
            Receive-AnomalyEvent -MqttBroker $using:TlsAddress -MqttTopic 'plant/#' -MqttCaFile $using:CaFile -MqttCredential $using:Credential -Count 5 -Timeout 60
        }
        $watch = Start-ThreadJob {
            Import-Module $using:ModulePath
            Watch-AnomalyStream -Listen "127.0.0.1:$($using:port)" -Model $using:Model -WindowDuration 1 -HopDuration 0.5 -Duration 6 `
                -AnomalyOnly -MqttBroker $using:TlsAddress -MqttTopic plant/line3/pump7 -MqttCaFile $using:CaFile -MqttCredential $using:Credential
        }
        Wait-UdpListener $port
        Start-Sleep -Milliseconds 500   # the subscriber is connected well before the first event
        Send-AudioStream -LiteralPath $script:Wav -Destination "127.0.0.1:$port" -StreamName pump7 -Speed 20 | Out-Null
        $watch | Wait-Job -Timeout 60 | Receive-Job | Out-Null
        $published = @($events | Wait-Job -Timeout 60 | Receive-Job)

        $published.WindowOffset | Should -Be @(2.5, 3.0, 3.5, 4.0, 4.5)
        $published.Device | Should -Be (@('pump7') * 5)
        mosquitto_sub -h 127.0.0.1 -p $script:TlsBroker.Port --cafile $script:CaFile -u watcher -P 'Pester-Pa55' -t plant/line3/pump7/status -C 1 -W 5 |
            Should -Be 'offline'
    }

    It 'stops with one clear error for a wrong password, without printing it' {
        $wrong = [pscredential]::new('watcher', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))
        $err = { Receive-AnomalyEvent -MqttBroker $script:TlsAddress -MqttTopic 'plant/#' -MqttCaFile $script:CaFile -MqttCredential $wrong -Timeout 20 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MqttLoginRefused,AcousticAnomaly.PowerShell.ReceiveAnomalyEventCommand' -PassThru
        $err.Exception.Message | Should -Be "MQTT broker $($script:TlsAddress) refused the login (NotAuthorized): check the user name and password."
    }

    It 'stops with a clear error when the broker is not signed by a trusted CA' {
        $err = { Receive-AnomalyEvent -MqttBroker $script:TlsAddress -MqttTopic 'plant/#' -MqttTls -MqttCredential $script:Credential -Timeout 20 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MqttCertificateRejected,AcousticAnomaly.PowerShell.ReceiveAnomalyEventCommand' -PassThru
        $err.Exception.Message | Should -BeLike "MQTT broker $($script:TlsAddress): TLS refused: its certificate (CN=localhost, issued by CN=Pester test CA) is not trusted by this machine*give the CA file*"
    }
}
