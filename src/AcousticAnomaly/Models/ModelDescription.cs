using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models;

/// <summary>
/// What one model file is, for people and audits: Get-AnomalyModel and `acoustic-anomaly model`. Reads our anomaly
/// models (<see cref="ModelMetadata"/>), our classifiers (<see cref="ClassifierMetadata"/>) and any other ONNX file
/// (Kind External: only what the file itself says). Flat properties, so Export-Csv and the CLI CSV show every field.
/// ToString() is the path, so the object can be given (or piped) as -Model.
/// </summary>
public sealed record ModelDescription
{
    public string Path { get; init; } = "";
    /// <summary>Anomaly, Classifier or External (an ONNX file made elsewhere, which carries no settings of ours).</summary>
    public string Kind { get; init; } = "";
    /// <summary>Detector or classifier architecture, e.g. IsolationForest, Autoencoder, Cnn; the producer for External.</summary>
    public string Algorithm { get; init; } = "";
    /// <summary>Score &gt; Threshold means anomalous; null for classifiers and foreign models.</summary>
    public double? Threshold { get; init; }
    public string ThresholdMethod { get; init; } = "";
    /// <summary>Class labels in output order, joined with ';' (classifiers only).</summary>
    public string Labels { get; init; } = "";
    public FeatureSet? FeatureSet { get; init; }
    public int? SampleRate { get; init; }
    /// <summary>"average" (all channels mixed) or "channel N" (zero-based).</summary>
    public string ChannelRule { get; init; } = "";
    /// <summary>The feature extraction in one line: FFT, hop, mel bands, frames, window, fmin/fmax.</summary>
    public string FeatureSettings { get; init; } = "";
    public int? TrainingClips { get; init; }
    public long? TrainingVectors { get; init; }
    /// <summary>Training parameters as name=value pairs joined with ';'.</summary>
    public string TrainingParameters { get; init; } = "";
    public DateTime? Created { get; init; }
    public string ToolVersion { get; init; } = "";
    public string Producer { get; init; } = "";
    public long Bytes { get; init; }

    public override string ToString() => Path;

    /// <summary>Describes a model file; a missing or non-ONNX file is an <see cref="OnnxModelException"/> naming it.</summary>
    public static ModelDescription Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var info = OnnxModelInfo.Read(full);
        var common = new ModelDescription
        {
            Path = full,
            Kind = "External",
            Algorithm = info.ProducerName,
            Producer = (info.ProducerName + " " + info.ProducerVersion).Trim(),
            Bytes = new FileInfo(full).Length,
        };
        var anomaly = ModelMetadata.FromMetadataProps(info.MetadataProps, full);
        if (anomaly is not null)
        {
            return WithFeatures(common, anomaly.FeatureSettings) with
            {
                Kind = "Anomaly",
                Algorithm = anomaly.Algorithm,
                Threshold = anomaly.Threshold,
                ThresholdMethod = anomaly.ThresholdMethod ?? "",
                TrainingClips = anomaly.Training.Clips,
                TrainingVectors = anomaly.Training.Vectors,
                TrainingParameters = Join(anomaly.Training.Parameters),
                Created = anomaly.Training.CreatedUtc,
                ToolVersion = anomaly.Training.ToolVersion,
            };
        }
        if (info.MetadataProps.ContainsKey(ClassifierMetadata.MetadataKey))
        {
            var classifier = ClassifierMetadata.ReadFromModel(full)!;
            return WithFeatures(common, classifier.FeatureSettings) with
            {
                Kind = "Classifier",
                Algorithm = classifier.Architecture,
                Labels = string.Join(";", classifier.Labels),
                TrainingClips = classifier.Training.TrainingClips,
                TrainingParameters = Join(classifier.Training.Parameters),
                Created = classifier.Training.CreatedUtc,
                ToolVersion = classifier.Training.ToolVersion,
            };
        }
        return common;
    }

    private static ModelDescription WithFeatures(ModelDescription d, FeatureSettings f) => d with
    {
        FeatureSet = f.FeatureSet,
        SampleRate = f.SampleRate,
        ChannelRule = ChannelRuleOf(f),
        FeatureSettings = Describe(f),
    };

    private static string ChannelRuleOf(FeatureSettings f) => f.ChannelMode == ChannelMode.Average ? "average" : $"channel {f.Channel}";

    /// <summary>Feature settings in one line, as Get-AnomalyModel and -Verbose show them.</summary>
    public static string Describe(FeatureSettings f) => FormattableString.Invariant(
        $"{f.FeatureSet}: {f.SampleRate} Hz, {ChannelRuleOf(f)}, fft {f.FftSize}, hop {f.HopLength}, {f.MelBands} mel bands, {f.Frames} frames, {f.Window}, {f.FMin}-{f.EffectiveFMax} Hz, {f.VectorLength} values per vector");

    private static string Join(IReadOnlyDictionary<string, string> parameters) =>
        string.Join(";", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
