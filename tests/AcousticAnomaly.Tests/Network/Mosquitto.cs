using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AcousticAnomaly.Tests.Network;

/// <summary>
/// A real Mosquitto broker (Debian's mosquitto, installed by scripts/install-prereqs.sh) on a free loopback port,
/// owned by one test: started here, restarted on the same port to prove nothing is lost, killed on dispose.
/// Persistence is on so subscriber sessions survive a restart, as on a plant's broker.
/// </summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-mosquitto-").FullName;
    private Process? _process;

    public Mosquitto()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        File.WriteAllText(Path.Combine(_dir, "mosquitto.conf"),
            // Run as root, mosquitto would switch to its own user, which cannot write the session file into our folder.
            $"listener {Port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {_dir}/\nautosave_interval 1\nuser {Environment.UserName}\n");
        Start();
    }

    public static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

    public int Port { get; }

    public string Broker => $"127.0.0.1:{Port}";

    public void Start()
    {
        var psi = new ProcessStartInfo(Executable, $"-c {Path.Combine(_dir, "mosquitto.conf")}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(psi)!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited) throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}.");
                Thread.Sleep(20);
            }
        }
        throw new TimeoutException($"mosquitto did not listen on {Port} within 10 s.");
    }

    /// <summary>Stops the broker cleanly (SIGTERM: it saves its sessions) and waits for it.</summary>
    public void Stop()
    {
        if (_process is null || _process.HasExited) return;
        Process.Start("kill", $"-TERM {_process.Id}")!.WaitForExit();
        if (!_process.WaitForExit(5000)) _process.Kill();
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
