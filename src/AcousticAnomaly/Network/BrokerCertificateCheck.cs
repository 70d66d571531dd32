using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace AcousticAnomaly.Network;

/// <summary>
/// Checks an MQTT broker's TLS certificate: against the CA certificates of a PEM file when one is given (a plant's own
/// CA, as mosquitto_sub --cafile), else against the system's trust store; the name (host or IP) must match either
/// way. A rejection throws <see cref="BrokerCertificateRejectedException"/> saying why, where .NET would only say "the
/// callback rejected it".
/// </summary>
internal sealed class BrokerCertificateCheck
{
    private readonly X509Certificate2Collection? _roots;
    private readonly string? _caFile;

    public BrokerCertificateCheck(string? caFile)
    {
        _caFile = caFile;
        _roots = caFile is null ? null : LoadCaFile(caFile);
    }

    /// <summary>The CA certificates of a PEM file; a missing file or one without a certificate throws
    /// <see cref="ArgumentException"/> naming it.</summary>
    public static X509Certificate2Collection LoadCaFile(string caFile)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"CA file '{caFile}': {ex.Message}", ex);
        }
        if (roots.Count == 0) throw new ArgumentException($"CA file '{caFile}' holds no PEM certificate.");
        return roots;
    }

    public bool Validate(MqttClientCertificateValidationEventArgs e)
    {
        var errors = e.SslPolicyErrors;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            throw new BrokerCertificateRejectedException("the broker sent no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            throw new BrokerCertificateRejectedException($"its certificate ({e.Certificate.Subject}) is not made out to the host name or address used to reach it");
        if (_roots is null)
        {
            if (errors == SslPolicyErrors.None) return true;
            throw new BrokerCertificateRejectedException($"its certificate ({e.Certificate.Subject}, issued by {e.Certificate.Issuer}) is not trusted by this machine ({Statuses(e.Chain)}); give the CA file that signed it");
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a plant CA seldom publishes revocation lists
        using var certificate = new X509Certificate2(e.Certificate);
        if (chain.Build(certificate)) return true;
        throw new BrokerCertificateRejectedException($"its certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not signed by the CA in '{_caFile}' ({Statuses(chain)})");
    }

    private static string Statuses(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0 ? "no chain" : string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
}

/// <summary>The broker's TLS certificate was refused; the message says why.</summary>
public sealed class BrokerCertificateRejectedException : AuthenticationException
{
    public BrokerCertificateRejectedException(string message)
        : base(message)
    {
    }
}
