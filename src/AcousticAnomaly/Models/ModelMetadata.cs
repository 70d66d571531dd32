using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models;

/// <summary>How a model's graph outputs become the user-facing Score (higher = more anomalous).</summary>
public enum ScoreKind
{
    /// <summary>The graph has a "scores" output holding a decision function (negative = anomalous, as iforest/one-class
    /// SVM in skl2onnx): Score = -scores.</summary>
    NegatedDecision,
    /// <summary>The graph's float output already is a distance (e.g. to the nearest k-means centre): Score = output.</summary>
    Distance,
    /// <summary>The graph's float output already is a reconstruction error per vector: Score = output.</summary>
    ReconstructionError,
    /// <summary>The graph outputs the reconstruction of its input (an autoencoder): Score = mean squared error vs the input.</summary>
    Reconstruction,
}

/// <summary>What training saw and how it was configured, for humans and audits.</summary>
public sealed record TrainingSummary
{
    public int Clips { get; init; }
    public long Vectors { get; init; }
    public DateTime CreatedUtc { get; init; }
    public string ToolVersion { get; init; } = "";
    /// <summary>Detector parameters as strings (e.g. "trees" = "100", "max_samples" = "256", "contamination" = "auto").</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Everything prediction needs besides the graph, stored in the model's ONNX metadata_props under the key
/// "acoustic_anomaly" as versioned JSON (plus flat "algorithm" and "threshold" keys for people inspecting the file with
/// other tools). This type is the ONE place that reads and writes that record. A model without the key (e.g. a plain
/// skl2onnx export) has no ModelMetadata; the caller must then supply settings and threshold itself.
/// </summary>
public sealed record ModelMetadata
{
    public const int CurrentSchemaVersion = 1;
    public const string MetadataKey = "acoustic_anomaly";
    public const string AlgorithmKey = "algorithm";
    public const string ThresholdKey = "threshold";

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        // A threshold may legitimately be unset (NaN) before calibration; JSON has no NaN literal by default.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    /// <summary>Detector name, e.g. "IsolationForest", "Autoencoder", "KMeans".</summary>
    public string Algorithm { get; init; } = "";
    public FeatureSettings FeatureSettings { get; init; } = new();
    /// <summary>Decision threshold in Score units (higher = more anomalous): Score &gt; Threshold means anomalous.</summary>
    public double Threshold { get; init; }
    /// <summary>How <see cref="Threshold"/> was set, e.g. "Gamma(0.9)" or "Percentile(95)"; null in models made before it was recorded.</summary>
    public string? ThresholdMethod { get; init; }
    public ScoreKind ScoreKind { get; init; }
    /// <summary>How a clip's vector Scores are pooled: null = their mean; k = the mean of the k highest (1 = max).
    /// Absent in older models, which pooled by the mean.</summary>
    public int? ClipTopK { get; init; }
    public TrainingSummary Training { get; init; } = new();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses the JSON record; source names the file (or other origin) in error messages.</summary>
    public static ModelMetadata FromJson(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        int version;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty(nameof(SchemaVersion), out var v) || !v.TryGetInt32(out version))
                throw new OnnxModelException(source, $"'{MetadataKey}' metadata has no integer {nameof(SchemaVersion)}.");
        }
        catch (JsonException ex)
        {
            throw new OnnxModelException(source, $"'{MetadataKey}' metadata is not valid JSON: {ex.Message}", ex);
        }
        if (version != CurrentSchemaVersion)
            throw new OnnxModelException(source,
                $"'{MetadataKey}' metadata has schema version {version}; this version of AcousticAnomaly reads version {CurrentSchemaVersion}. Use a matching release or re-train the model.");
        CheckFeatureSettingsKnown(json, source);

        ModelMetadata? m;
        try
        {
            m = JsonSerializer.Deserialize<ModelMetadata>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new OnnxModelException(source, $"'{MetadataKey}' metadata is malformed: {ex.Message}", ex);
        }
        if (m is null || string.IsNullOrWhiteSpace(m.Algorithm))
            throw new OnnxModelException(source, $"'{MetadataKey}' metadata has no {nameof(Algorithm)}.");
        // Explicit nulls in JSON bypass the initialisers; treat them as malformed rather than crash later.
        if (m.FeatureSettings is null || m.Training is null || m.Training.Parameters is null)
            throw new OnnxModelException(source, $"'{MetadataKey}' metadata has a null {nameof(FeatureSettings)} or {nameof(Training)}.");
        try
        {
            m.FeatureSettings.Validate();
        }
        catch (ArgumentException ex)
        {
            throw CannotReproduce(source, ex.Message, ex);
        }
        return m;
    }

    /// <summary>
    /// Refuses feature settings this version would silently compute differently: a setting it does not know (recorded
    /// by a newer release, e.g. another DSP choice) or a choice it does not implement (an unknown window, mel scale ...).
    /// Settings a model does not record (older files) keep their defaults, which are what older releases computed.
    /// </summary>
    private static void CheckFeatureSettingsKnown(string json, string source)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty(nameof(FeatureSettings), out var settings) || settings.ValueKind != JsonValueKind.Object) return;
        var known = typeof(FeatureSettings).GetProperties().ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);
        foreach (var property in settings.EnumerateObject())
        {
            if (!known.TryGetValue(property.Name, out var type))
                throw CannotReproduce(source, $"it records the setting '{property.Name}' ({property.Value.GetRawText()}), which this version does not know");
            if (type.IsEnum && property.Value.ValueKind == JsonValueKind.String && !Enum.GetNames(type).Contains(property.Value.GetString(), StringComparer.Ordinal))
                throw CannotReproduce(source,
                    $"{property.Name} is '{property.Value.GetString()}', which this version cannot compute (it knows {string.Join(", ", Enum.GetNames(type))})");
        }
    }

    private static OnnxModelException CannotReproduce(string source, string detail, Exception? inner = null) =>
        new(source, $"this version of AcousticAnomaly cannot reproduce the model's feature settings: {detail}. Use the release that made the model, or re-train it.", inner);

    /// <summary>The metadata_props entries to store in the model.</summary>
    public IReadOnlyDictionary<string, string> ToMetadataProps() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MetadataKey] = ToJson(),
        [AlgorithmKey] = Algorithm,
        [ThresholdKey] = Threshold.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads the record from metadata_props; null when the key is absent (a model not made by us).</summary>
    public static ModelMetadata? FromMetadataProps(IReadOnlyDictionary<string, string> props, string source)
    {
        ArgumentNullException.ThrowIfNull(props);
        return props.TryGetValue(MetadataKey, out var json) ? FromJson(json, source) : null;
    }

    /// <summary>Reads the record from a model file through ONNX Runtime's CustomMetadataMap; null when the model has none.</summary>
    public static ModelMetadata? ReadFromModel(string modelPath)
    {
        // No graph optimisation: only the metadata is wanted, so the session need not be made fast to run.
        using var session = OnnxSession.Open(modelPath, new OnnxSessionOptions { IntraOpThreads = 1, OptimizeGraph = false });
        return FromMetadataProps(session.CustomMetadata, modelPath);
    }
}
