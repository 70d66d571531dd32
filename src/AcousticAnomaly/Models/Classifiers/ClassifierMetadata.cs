using System.Text.Json;
using System.Text.Json.Serialization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// What classifying needs besides the graph, stored in the model's metadata_props under "acoustic_classifier" as
/// versioned JSON (a key of its own, so anomaly tools never mistake a classifier for a detector): the labels in output
/// order, the feature settings, the standardisation the graph applies, and the training summary. Also the one place
/// that describes a foreign classifier (given -Labels and settings by the user).
/// </summary>
public sealed record ClassifierMetadata
{
    public const int CurrentSchemaVersion = 1;
    public const string MetadataKey = "acoustic_classifier";
    public const string LabelsKey = "labels";

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public string Architecture { get; init; } = "";
    public IReadOnlyList<string> Labels { get; init; } = [];
    public FeatureSettings FeatureSettings { get; init; } = new();
    /// <summary>Per-feature mean and scale the graph subtracts and divides by (informational; the graph applies them).</summary>
    public IReadOnlyList<float> NormalizationMean { get; init; } = [];
    public IReadOnlyList<float> NormalizationScale { get; init; } = [];
    public ClassifierSummary Training { get; init; } = new();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public IReadOnlyDictionary<string, string> ToMetadataProps() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MetadataKey] = ToJson(),
        [LabelsKey] = string.Join(",", Labels),
    };

    /// <summary>The record of a model file; null when the model has none (not a classifier of ours).</summary>
    public static ClassifierMetadata? ReadFromModel(string modelPath)
    {
        var props = OnnxModelInfo.Read(modelPath).MetadataProps;
        if (!props.TryGetValue(MetadataKey, out var json)) return null;
        ClassifierMetadata? m;
        try
        {
            m = JsonSerializer.Deserialize<ClassifierMetadata>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new OnnxModelException(modelPath, $"'{MetadataKey}' metadata is malformed: {ex.Message}", ex);
        }
        if (m is null || m.Labels is null || m.Labels.Count < 2 || m.FeatureSettings is null || m.Training is null)
            throw new OnnxModelException(modelPath, $"'{MetadataKey}' metadata lacks labels or feature settings.");
        if (m.SchemaVersion != CurrentSchemaVersion)
            throw new OnnxModelException(modelPath, $"'{MetadataKey}' metadata has schema version {m.SchemaVersion}; this version reads {CurrentSchemaVersion}.");
        return m;
    }
}
