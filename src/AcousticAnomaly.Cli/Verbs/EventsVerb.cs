using System.CommandLine;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>
/// `acoustic-anomaly events --mqtt-broker host:port --mqtt-topic 'plant/#' [--count N] [--timeout S]`: the CLI twin of
/// Receive-AnomalyEvent; one CSV row per event (AnomalyEventMessage columns) as it arrives.
/// </summary>
public static class EventsVerb
{
    public static Command Create()
    {
        var broker = new Option<string>("--mqtt-broker") { Description = "The MQTT broker, host:port.", Required = true };
        var topic = new Option<string>("--mqtt-topic") { Description = "Topic filter (+ and # allowed).", Required = true };
        var user = new Option<string?>("--mqtt-user") { Description = "User name (the password comes from the MQTT_PASSWORD environment variable)." };
        var tls = new Option<bool>("--mqtt-tls") { Description = "Connect with TLS (default port 8883)." };
        var caFile = new Option<string?>("--mqtt-ca-file") { Description = "PEM file of the CA that signed the broker's certificate; implies --mqtt-tls." };
        var count = new Option<int?>("--count") { Description = "Stop after this many events." };
        var timeout = new Option<double?>("--timeout") { Description = "Stop after this many seconds." };
        var command = new Command("events", "Print anomaly events published on MQTT by watchers (CSV: Time, Device, Score, Threshold, IsAnomaly, Label, Probability, Model, WindowOffset, FramesLost, Topic).");
        foreach (var o in new Option[] { broker, topic, user, tls, caFile, count, timeout }) command.Options.Add(o);
        command.SetAction(parseResult =>
        {
            var options = new MqttSubscriberOptions
            {
                Broker = parseResult.GetValue(broker)!,
                TopicFilter = parseResult.GetValue(topic)!,
                Username = parseResult.GetValue(user),
                Password = Environment.GetEnvironmentVariable("MQTT_PASSWORD"),
                UseTls = parseResult.GetValue(tls),
                CaFile = parseResult.GetValue(caFile),
                Count = parseResult.GetValue(count),
                Timeout = parseResult.GetValue(timeout) is { } t ? TimeSpan.FromSeconds(t) : null,
            };
            using var stop = new CancellationTokenSource();
            using var signals = CliCancellation.OnStopSignals(stop.Cancel);
            try
            {
                CsvOutput.Write(Blocking(MqttEventSubscriber.ReceiveAsync(options, stop.Token)), Console.Out);
                return 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or MQTTnet.Exceptions.MqttCommunicationException
                or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine($"acoustic-anomaly events: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static IEnumerable<T> Blocking<T>(IAsyncEnumerable<T> source)
    {
        var e = source.GetAsyncEnumerator();
        try
        {
            while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult()) yield return e.Current;
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
