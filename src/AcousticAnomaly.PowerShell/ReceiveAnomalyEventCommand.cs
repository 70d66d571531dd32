using System.Management.Automation;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.PowerShell;

/// <summary>Receives anomaly events that watchers publish on an MQTT broker.</summary>
/// <remarks>
/// Subscribes to -MqttTopic (wildcards allowed: plant/#) with QoS 1 and writes each event published by
/// Watch-AnomalyStream -MqttBroker as an AnomalyEventMessage (Time, Device, Score, Threshold, IsAnomaly, Label,
/// Probability, Model, WindowOffset, FramesLost, Topic), until -Count events, -Timeout or Ctrl+C. Status messages and
/// foreign payloads on the same topics are skipped; a broker restart is ridden out (reconnect and resubscribe).
/// </remarks>
/// <example>
/// <code>Receive-AnomalyEvent -MqttBroker broker:1883 -MqttTopic 'plant/#' | Where-Object IsAnomaly | Export-Csv events.csv</code>
/// <para>Keeps every anomaly reported anywhere in the plant.</para>
/// </example>
[Cmdlet(VerbsCommunications.Receive, "AnomalyEvent")]
[OutputType(typeof(AnomalyEventMessage))]
public sealed class ReceiveAnomalyEventCommand : PSCmdlet
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The broker: host:port (default port 1883, 8883 with -MqttTls or -MqttCaFile).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string MqttBroker { get; set; } = "";

    /// <summary>Topic filter; + and # wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string MqttTopic { get; set; } = "";

    /// <summary>User name and password for the broker (never printed).</summary>
    [Parameter]
    public PSCredential? MqttCredential { get; set; }

    /// <summary>connect with TLS (default port 8883); the broker's certificate must be trusted by this machine or
    /// signed by the CA of -MqttCaFile.</summary>
    [Parameter]
    [Alias("MqttUseTls")]
    public SwitchParameter MqttTls { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate (a plant's own CA); implies -MqttTls.</summary>
    [Parameter]
    public string? MqttCaFile { get; set; }

    /// <summary>Stop after this many events.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Count { get; set; }

    /// <summary>Stop after this long, in seconds or as a TimeSpan.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? Timeout { get; set; }

    protected override void StopProcessing() => _cancel.Cancel();

    protected override void EndProcessing()
    {
        var options = new MqttSubscriberOptions
        {
            Broker = MqttBroker,
            TopicFilter = MqttTopic,
            Username = MqttCredential?.UserName,
            Password = MqttCredential?.GetNetworkCredential().Password,
            UseTls = MqttTls.IsPresent,
            CaFile = MqttOptions.CaFile(this, MqttCaFile),
            Count = Count,
            Timeout = Timeout,
        };
        var events = MqttEventSubscriber.ReceiveAsync(options, _cancel.Token).GetAsyncEnumerator(_cancel.Token);
        try
        {
            // The pipeline thread waits for each event itself: WriteObject is legal only here.
            while (events.MoveNextAsync().AsTask().GetAwaiter().GetResult()) WriteObject(events.Current);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C.
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidMqttOptions", ErrorCategory.InvalidArgument, MqttBroker));
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException)
        {
            ThrowTerminatingError(MqttOptions.ConnectionError(ex, MqttBroker));
        }
        finally
        {
            events.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
