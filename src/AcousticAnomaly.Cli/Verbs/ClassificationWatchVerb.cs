using System.CommandLine;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;
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

    public IEnumerable<Option> Options => [_minProbability, _holdOff, _changesOnly, _labels];

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

    public int Run(ParseResult parse, string[] devices, string modelPath, double? duration, double? window, double? hop,
        int? rate, int channels, double? maxSpeed, RtpListenerOptions? listen)
    {
        var defaults = new ClassificationWatchOptions { ModelPath = modelPath };
        var options = defaults with
        {
            Devices = devices,
            Labels = ClassifierLabels.Resolve(parse.GetValue(_labels)),
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
        ClassificationWatchRun run;
        try
        {
            run = ClassificationWatcher.Start(options);
        }
        catch (Exception ex) when (ex is AudioDeviceException or DllNotFoundException or ArgumentException
            or OnnxModelException or OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"acoustic-anomaly watch: {ex.Message}");
            return ExitCodes.Usage;
        }
        using var signals = CliCancellation.OnStopSignals(run.Stop);
        try
        {
            using (run) CsvOutput.Write(Results(run), Console.Out);
            return ExitCodes.Ok;
        }
        catch (OnnxRuntimeException ex)
        {
            Console.Error.WriteLine($"acoustic-anomaly watch: {ex.Message}");
            return ExitCodes.Fatal;
        }
    }

    private static IEnumerable<ClassificationWatchResult> Results(ClassificationWatchRun run)
    {
        foreach (var e in run.Events.ReadAllBlocking())
        {
            if (e.Result is not null) yield return e.Result;
            else if (e.Status is { } s) Console.Error.WriteLine($"acoustic-anomaly watch: {s.Device}: {s.State}: {s.Message}");
        }
    }
}
