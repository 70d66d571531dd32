using System.Management.Automation;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.PowerShell;

/// <summary>The -MqttBroker/-MqttTopic/-MqttCredential/-MqttTls/-MqttCaFile parameters as core options.</summary>
internal static class MqttOptions
{
    /// <summary>Null without a broker; a broker without a topic (or the reverse) stops the command.</summary>
    public static MqttEventOptions? From(PSCmdlet cmdlet, string? broker, string? topic, PSCredential? credential, bool tls, string? caFile)
    {
        if (broker is null && topic is null) return null;
        if (broker is null || topic is null)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException("-MqttBroker and -MqttTopic go together."),
                "MqttIncomplete", ErrorCategory.InvalidArgument, broker ?? topic));
        }
        return new MqttEventOptions
        {
            Broker = broker!,
            Topic = topic!,
            Username = credential?.UserName,
            Password = credential?.GetNetworkCredential().Password,
            UseTls = tls,
            CaFile = CaFile(cmdlet, caFile),
        };
    }

    /// <summary>A failed connection as an error a script can tell apart: a refused login, a refused certificate, or a
    /// broker that cannot be reached.</summary>
    public static ErrorRecord ConnectionError(Exception ex, string broker)
    {
        var (id, category) = Has<MqttBrokerRefusedException>(ex) ? ("MqttLoginRefused", ErrorCategory.AuthenticationError)
            : Has<BrokerCertificateRejectedException>(ex) ? ("MqttCertificateRejected", ErrorCategory.SecurityError)
            : ("MqttBrokerUnreachable", ErrorCategory.ConnectionError);
        return new ErrorRecord(ex, id, category, broker);
    }

    private static bool Has<T>(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T) return true;
        }
        return false;
    }

    /// <summary>-MqttCaFile resolved against the current PowerShell location, as every path parameter is.</summary>
    public static string? CaFile(PSCmdlet cmdlet, string? caFile) =>
        caFile is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(caFile);
}
