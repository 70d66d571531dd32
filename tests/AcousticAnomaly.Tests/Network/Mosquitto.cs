using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AcousticAnomaly.Tests.Network;

/// <summary>
/// A real Mosquitto broker (Debian's mosquitto, installed by scripts/install-prereqs.sh) on a free loopback port,
/// owned by one test: started here, restarted on the same port to prove nothing is lost, killed on dispose.
/// Persistence is on so subscriber sessions survive a restart, as on a plant's broker. Optionally locked down as a
/// plant's broker is: a TLS listener with <see cref="BrokerCertificates"/> and/or logins from a password file
/// (mosquitto_passwd) with anonymous clients refused.
/// </summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-mosquitto-").FullName;
    private Process? _process;

    public Mosquitto(BrokerCertificates? tls = null, IReadOnlyDictionary<string, string>? users = null)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        File.WriteAllText(Path.Combine(_dir, "mosquitto.conf"),
            // Run as root, mosquitto would switch to its own user, which cannot write the session file into our folder.
            $"listener {Port} 127.0.0.1\npersistence true\npersistence_location {_dir}/\nautosave_interval 1\nuser {Environment.UserName}\n"
            + (tls is null ? "" : $"cafile {tls.CaFile}\ncertfile {tls.ServerCertificate}\nkeyfile {tls.ServerKey}\n")
            + (users is null ? "allow_anonymous true\n" : $"allow_anonymous false\npassword_file {PasswordFile(users)}\n"));
        Start();
    }

    /// <summary>Hashes the logins with mosquitto_passwd (-b: the password from the command line, fine for a test).</summary>
    private string PasswordFile(IReadOnlyDictionary<string, string> users)
    {
        var file = Path.Combine(_dir, "passwd");
        File.WriteAllText(file, "");
        foreach (var (user, password) in users) BrokerCertificates.Run("mosquitto_passwd", "-b", file, user, password);
        return file;
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

    /// <summary>The retained message on a topic as another client sees it (mosquitto_sub, waiting up to 5 s), with
    /// these extra options (a CA file, a login).</summary>
    public string RetainedMessage(string topic, params string[] options)
    {
        var psi = new ProcessStartInfo("mosquitto_sub") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", Port.ToString(), "-t", topic, "-C", "1", "-W", "5" }.Concat(options)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
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
