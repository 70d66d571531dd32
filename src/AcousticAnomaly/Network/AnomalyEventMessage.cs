using System.Text.Json;
using System.Text.Json.Serialization;

namespace AcousticAnomaly.Network;

/// <summary>
/// A watch result as it travels: replied to a network sender (-Reply) and published on MQTT, then emitted again as an
/// object by Send-AudioStream and Receive-AnomalyEvent. JSON with camelCase names; anomaly models fill Score, Threshold
/// and IsAnomaly, classifiers Label and Probability.
/// </summary>
/// <param name="Time">Wall-clock time (UTC) of the window's end.</param>
/// <param name="Device">The device or network sender.</param>
/// <param name="Score">Anomaly score (higher = more anomalous), or null for a classifier.</param>
/// <param name="Threshold">The model's threshold, or null.</param>
/// <param name="IsAnomaly">Score &gt; Threshold, or null.</param>
/// <param name="Label">A classifier's label, or null.</param>
/// <param name="Probability">A classifier's probability, or null.</param>
/// <param name="Model">The model's name.</param>
/// <param name="WindowOffset">Seconds of the device's audio at the window's end.</param>
/// <param name="FramesLost">Frames lost so far on the device.</param>
/// <param name="Topic">The MQTT topic it arrived on (set by the subscriber; null otherwise).</param>
public sealed record AnomalyEventMessage(DateTimeOffset Time, string Device, double? Score, double? Threshold, bool? IsAnomaly,
    string? Label, double? Probability, string? Model, double WindowOffset, long FramesLost, string? Topic = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The message as UTF-8 JSON.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this with { Topic = null }, Json);

    /// <summary>Reads a message; null for anything that is not one (a foreign publisher on the same topic).</summary>
    public static AnomalyEventMessage? TryParse(ReadOnlySpan<byte> json, string? topic = null)
    {
        try
        {
            var message = JsonSerializer.Deserialize<AnomalyEventMessage>(json, Json);
            return message is null || string.IsNullOrEmpty(message.Device) ? null : message with { Topic = topic };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
