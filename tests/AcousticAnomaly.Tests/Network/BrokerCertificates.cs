using System.Diagnostics;

namespace AcousticAnomaly.Tests.Network;

/// <summary>
/// Certificates for a TLS broker, made at test time with the openssl command line (installed by
/// scripts/install-prereqs.sh) into a temp folder: a CA, a server certificate it signs for 127.0.0.1 and localhost
/// (subjectAltName, as clients check), and a second CA that signed nothing the broker shows, to stand for "a CA the
/// client trusts that is not the broker's". EC P-256 keys: made in milliseconds even on a loaded machine.
/// </summary>
public sealed class BrokerCertificates : IDisposable
{
    public BrokerCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("acoustic-anomaly-tls-").FullName;
        NewCa("ca", "AcousticAnomaly test CA");
        NewCa("other-ca", "Some other CA");
        OpenSsl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", ServerKey, "-out", Path.Combine(Directory, "server.csr"), "-subj", "/CN=localhost");
        var extensions = Path.Combine(Directory, "server.ext");
        File.WriteAllText(extensions, "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n" +
            "keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        OpenSsl("x509", "-req", "-in", Path.Combine(Directory, "server.csr"), "-CA", CaFile, "-CAkey", Path.Combine(Directory, "ca.key"),
            "-CAcreateserial", "-out", ServerCertificate, "-days", "2", "-extfile", extensions);
    }

    public string Directory { get; }

    /// <summary>The CA that signed the broker's certificate (PEM).</summary>
    public string CaFile => Path.Combine(Directory, "ca.crt");

    /// <summary>A CA that did not sign the broker's certificate (PEM).</summary>
    public string OtherCaFile => Path.Combine(Directory, "other-ca.crt");

    public string ServerCertificate => Path.Combine(Directory, "server.crt");

    public string ServerKey => Path.Combine(Directory, "server.key");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private void NewCa(string name, string commonName) =>
        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", Path.Combine(Directory, name + ".key"), "-out", Path.Combine(Directory, name + ".crt"), "-days", "2",
            "-subj", "/CN=" + commonName, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");

    internal static void OpenSsl(params string[] args) => Run("openssl", args);

    /// <summary>Runs a tool to completion; a failure throws with what it printed.</summary>
    internal static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
    }
}
