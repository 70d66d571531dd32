using System.CommandLine;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Network;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Streaming;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>
/// `acoustic-anomaly watch --model classifier.onnx ...`: the same verb turns into the CLI twin of
/// Watch-AudioClassification when the model is a classifier (its "acoustic_classifier" metadata, or --labels for a
/// foreign one), so users need not know which kind of model they hold. Prints one CSV row per window
/// (ClassificationWatchResult columns).
/// </summary>
internal sealed class ClassificationWatchVerb
{
    private readonly Option<double?> _minProbability = new("--min-probability") { Description = $"Classifier models: a window is an event only at or above this probability (default {ClassificationWatchOptions.Defaults.MinProbability})." };
    private readonly Option<double?> _holdOff = new("--hold-off") { Description = $"Classifier models: seconds of audio after an event of a label before that label is an event again (default {ClassificationWatchOptions.Defaults.HoldOff.TotalSeconds})." };
    private readonly Option<bool> _changesOnly = new("--changes-only") { Description = "Classifier models: print only events whose label differs from the last one printed." };
    private readonly Option<string[]> _labels = new("--labels") { Description = "Classifier models made elsewhere: their labels (a list, or a file with one per line).", AllowMultipleArgumentsPerToken = true };

    private readonly Option<bool> _rawAudio = new("--raw-audio") { Description = $"Classifier models made elsewhere: the model takes mono samples [N, samples] at --sample-rate (default {FeatureSettings.Defaults.SampleRate}), not feature rows." };

    public IEnumerable<Option> Options => [_minProbability, _holdOff, _changesOnly, _labels, _rawAudio];

    /// <summary>Whether the model is a classifier (an unreadable model is left to the anomaly path's error message).</summary>
    public bool Applies(ParseResult parse, string? modelPath)
    {
        if (parse.GetValue(_labels) is { Length: > 0 }) return true;
        try
        {
            return modelPath is not null && File.Exists(modelPath) && ClassifierMetadata.ReadFromModel(modelPath) is not null;
        }
        catch (Exception e) when (e is OnnxModelException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The classifier watch's options from the verb's shared options and the classifier ones.</summary>
    public ClassificationWatchOptions WatchOptions(ParseResult parse, string[] devices, string modelPath, double? duration, double? window, double? hop,
        int? rate, int channels, double? maxSpeed, RtpListenerOptions? listen)
    {
        var defaults = new ClassificationWatchOptions { ModelPath = modelPath };
        return defaults with
        {
            Devices = devices,
            Labels = ClassifierLabels.Resolve(parse.GetValue(_labels)),
            RawAudio = parse.GetValue(_rawAudio),
            Features = parse.GetValue(_rawAudio) ? Features.FeatureSettings.Create(null, rate) : null,
            Duration = duration is { } d ? TimeSpan.FromSeconds(d) : null,
            WindowDuration = window is { } w ? TimeSpan.FromSeconds(w) : null,
            HopDuration = hop is { } h ? TimeSpan.FromSeconds(h) : defaults.HopDuration,
            MinProbability = parse.GetValue(_minProbability) ?? defaults.MinProbability,
            HoldOff = parse.GetValue(_holdOff) is { } s ? TimeSpan.FromSeconds(s) : defaults.HoldOff,
            ChangesOnly = parse.GetValue(_changesOnly),
            SampleRate = rate,
            Channels = channels,
            Capture = new CaptureOptions { SpeedLimit = maxSpeed },
            Listen = listen,
        };
    }

    /// <summary>Watches with a classifier, printing ClassificationWatchResult rows.</summary>
    public static int Run(ClassificationWatchOptions options) => WatchVerb.Run<ClassificationWatchEvent, ClassificationWatchResult, ClassificationWatchRun>(
        () => ClassificationWatcher.Start(options), e => (e.Result, e.Status), run => (null, run.MqttStatistics));
}
