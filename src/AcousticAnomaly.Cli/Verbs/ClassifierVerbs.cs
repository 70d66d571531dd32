using System.CommandLine;
using System.Globalization;
using AcousticAnomaly.Datasets;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>
/// The classifier side of the CLI: `train classifier` (New-AudioClassifierModel), `classify` (Invoke-AudioClassification)
/// and `evaluate classifier` (Measure-AudioClassifierModel), over the same core services as the cmdlets.
/// </summary>
public static class ClassifierVerbs
{
    public static Command Train()
    {
        var defaults = ClassifierOptions.Defaults;
        var data = new Argument<string>("data") { Description = "The dataset root (one sub-folder per label holding WAV or FLAC clips) or a split manifest CSV (train side; validation side for early stopping)." };
        var output = new Option<string>("--output", "-o") { Description = "The .onnx model file to write.", Required = true };
        var architecture = new Option<ClassifierArchitecture?>("--architecture", "-a") { Description = $"Mlp, Cnn1d or Cnn2d (default {defaults.Architecture})." };
        var epochs = new Option<int?>("--epochs") { Description = $"Upper bound on epochs (default {defaults.Epochs}; Mlp {ClassifierOptions.For(ClassifierArchitecture.Mlp).Epochs}); early stopping usually ends sooner." };
        var batch = new Option<int?>("--batch-size") { Description = $"Clips per gradient step (default {defaults.BatchSize})." };
        var rate = new Option<double?>("--learning-rate") { Description = $"Adam's learning rate (default {defaults.LearningRate})." };
        var validation = new Option<double?>("--validation-fraction") { Description = $"Share of each label held out for early stopping (default {defaults.ValidationFraction})." };
        var patience = new Option<int?>("--patience") { Description = $"Epochs without a better validation loss before stopping (default {defaults.Patience}; Mlp {ClassifierOptions.For(ClassifierArchitecture.Mlp).Patience})." };
        var seed = new Option<int?>("--seed") { Description = "Random seed (same seed and data = same model)." };
        var group = new Option<string?>("--group-pattern") { Description = "Hold out whole groups for validation: a regex on the file name whose first group names the group (e.g. the speaker)." };
        var frames = new Option<int?>("--fixed-frames") { Description = $"Frames per clip for the CNNs (default {ClassifierOptions.DefaultFeatures(defaults.Architecture).FixedFrames}); clips are padded or truncated." };
        var force = new Option<bool>("--force") { Description = "Replace an existing model file." };
        var specAugment = new Option<bool>("--spec-augment") { Description = "CNNs: mask a random time band and feature band of each training clip every epoch (SpecAugment)." };
        var timeShift = new Option<double?>("--time-shift") { Description = $"CNNs: move each training clip every epoch by up to this share of its frames either way (default {defaults.TimeShift}; 0 = off)." };
        var mixup = new Option<double?>("--mixup") { Description = $"Blend each training batch with a shuffled copy by a Beta(alpha, alpha) weight, targets too (default {defaults.Mixup}; 0 = off)." };
        var smoothing = new Option<double?>("--label-smoothing") { Description = $"Share of each training target spread evenly over all labels (default {defaults.LabelSmoothing})." };
        var weightDecay = new Option<double?>("--weight-decay") { Description = $"Decoupled weight decay, AdamW (default {defaults.WeightDecay}; 0 = plain Adam)." };
        var rateDecay = new Option<bool?>("--learning-rate-decay") { Description = $"Halve the learning rate whenever half the patience passes without a better validation loss (default {defaults.LearningRateDecay})." };
        var width = new Option<int?>("--width") { Description = $"Hidden units of the dense layers (Mlp) and the widest convolution (CNNs) (default {defaults.Width})." };
        var mfcc = new Option<int?>("--mfcc-count") { Description = $"MFCC coefficients per frame for Cnn1d (default {ClassifierOptions.DefaultFeatures(ClassifierArchitecture.Cnn1d).MfccCount})." };
        var hop = new Option<int?>("--hop-length") { Description = $"Samples between frames (default {ClassifierOptions.DefaultFeatures(defaults.Architecture).HopLength}); give --fixed-frames to keep the clip length." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print each epoch to standard error." };
        var command = new Command("classifier", "A sound classifier (Mlp, Cnn1d, Cnn2d) on a labelled folder, like New-AudioClassifierModel.");
        command.Arguments.Add(data);
        foreach (var o in new Option[] { output, architecture, epochs, batch, rate, validation, patience, seed, frames, force, quiet, group, specAugment, timeShift, mixup, smoothing, weightDecay, rateDecay, width, mfcc, hop }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var d = ClassifierOptions.For(parse.GetValue(architecture) ?? defaults.Architecture);
            var options = d with
            {
                Epochs = parse.GetValue(epochs) ?? d.Epochs,
                BatchSize = parse.GetValue(batch) ?? d.BatchSize,
                LearningRate = parse.GetValue(rate) ?? d.LearningRate,
                ValidationFraction = parse.GetValue(validation) ?? d.ValidationFraction,
                Patience = parse.GetValue(patience) ?? d.Patience,
                Seed = parse.GetValue(seed) ?? d.Seed,
                GroupPattern = parse.GetValue(group),
                SpecAugment = parse.GetValue(specAugment),
                TimeShift = parse.GetValue(timeShift) ?? d.TimeShift,
                Mixup = parse.GetValue(mixup) ?? d.Mixup,
                LabelSmoothing = parse.GetValue(smoothing) ?? d.LabelSmoothing,
                WeightDecay = parse.GetValue(weightDecay) ?? d.WeightDecay,
                LearningRateDecay = parse.GetValue(rateDecay) ?? d.LearningRateDecay,
                Width = parse.GetValue(width) ?? d.Width,
            };
            var features = ClassifierOptions.DefaultFeatures(options.Architecture);
            if (parse.GetValue(frames) is { } f) features = features with { FixedFrames = f };
            if (parse.GetValue(mfcc) is { } m) features = features with { MfccCount = m };
            if (parse.GetValue(hop) is { } h) features = features with { HopLength = h };
            bool verbose = !parse.GetValue(quiet);
            using var cancel = CliCancellation.OnCtrlC();
            int failed = 0;
            try
            {
                var (files, validationFiles) = LabelledDataSource.ForTraining(parse.GetValue(data)!);
                var result = new ClassifierModelTrainer(options, features, parse.GetValue(force)).Train(files, parse.GetValue(output)!,
                    (file, error) => { Interlocked.Increment(ref failed); Console.Error.WriteLine($"error: {error.Message}"); },
                    new Progress(e =>
                    {
                        if (verbose)
                            Console.Error.WriteLine(e.Describe());
                    }), cancel.Token, validationFiles);
                CsvOutput.Write(new[] { result }, Console.Out);
                return failed > 0 ? 1 : 0;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled");
                return 130;
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    public static Command Classify()
    {
        var paths = new Argument<string[]>("paths") { Description = "Audio files (WAV or FLAC).", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string>("--model", "-m") { Description = "The classifier .onnx model.", Required = true };
        var segment = new Option<double?>("--segment-duration") { Description = "Classify consecutive segments of this many seconds, one row each." };
        var labels = new Option<string[]>("--labels") { Description = "Labels of a foreign model (a list, or a file with one per line).", AllowMultipleArgumentsPerToken = true };
        var featureSet = new Option<FeatureSet?>("--feature-set") { Description = "Feature set of a foreign model." };
        var sampleRate = new Option<int?>("--sample-rate") { Description = "Analysis sample rate of a foreign model." };
        var rawAudio = new Option<bool>("--raw-audio") { Description = "The foreign model takes mono samples [N, samples] at --sample-rate, not feature rows; --segment-duration sets the chunk." };
        var command = new Command("classify", "Classify audio files with a classifier model: Label, Probability, every class's probability (like Invoke-AudioClassification).");
        command.Arguments.Add(paths);
        foreach (var o in new Option[] { model, segment, labels, featureSet, sampleRate, rawAudio }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            AudioClassifier classifier;
            try
            {
                var fs = parse.GetValue(featureSet);
                var sr = parse.GetValue(sampleRate);
                classifier = AudioClassifier.Load(parse.GetValue(model)!, ClassifierLabels.Resolve(parse.GetValue(labels)),
                    fs is null && sr is null ? null : FeatureSettings.Create(fs, sr), rawAudio: parse.GetValue(rawAudio));
            }
            catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            using (classifier)
            {
                var columns = new[] { "Path", "Offset", "Label", "Probability" }.Concat(classifier.Labels.Select(ClassifierLabels.Column)).Append("InferenceMs");
                Console.Out.WriteLine(string.Join(",", columns.Select(Quote)));
                int failed = 0;
                foreach (var file in parse.GetValue(paths)!)
                {
                    try
                    {
                        foreach (var r in classifier.Classify(file, parse.GetValue(segment)))
                        {
                            var values = new object[] { r.Path, r.Offset, r.Label, r.Probability }.Concat(classifier.Labels.Select(l => (object)r.Probabilities[l])).Append(r.InferenceMs);
                            Console.Out.WriteLine(string.Join(",", values.Select(v => Quote(CsvOutput.Format(v)))));
                        }
                    }
                    catch (Exception e) when (e is Audio.AudioFileException or ArgumentException or IOException)
                    {
                        failed++;
                        Console.Error.WriteLine($"error: {file}: {e.Message}");
                    }
                }
                return failed > 0 ? 1 : 0;
            }
        });
        return command;
    }

    public static Command Evaluate()
    {
        var data = new Argument<string>("data") { Description = "The labelled folder (one sub-folder per label) or a split manifest CSV (its test side)." };
        var model = new Option<string>("--model", "-m") { Description = "The classifier .onnx model.", Required = true };
        var command = new Command("classifier", "Classification report of a classifier on a labelled folder: per-class precision, recall, F1, support, averages; the confusion matrix and accuracy go to standard error (like Measure-AudioClassifierModel).");
        var reportPath = new Option<string?>("--report") { Description = "Also write an HTML report: confusion matrix, per-class table, PCA scatter with silhouette, worst clips with spectrograms." };
        command.Arguments.Add(data);
        command.Options.Add(model);
        command.Options.Add(reportPath);
        var images = new Option<string?>("--images") { Description = "Also write the confusion matrix and the PCA scatter as PNG pictures into this folder (confusion-matrix.png, scatter.png)." };
        command.Options.Add(images);
        command.SetAction(parse =>
        {
            using var cancel = CliCancellation.OnCtrlC();
            int failed = 0;
            try
            {
                using var classifier = AudioClassifier.Load(parse.GetValue(model)!);
                var (report, clips) = ClassifierEvaluation.Evaluate(classifier, LabelledDataSource.ForEvaluation(parse.GetValue(data)!),
                    (file, e) => { failed++; Console.Error.WriteLine($"error: {file}: {e.Message}"); }, null, cancel.Token);
                var html = parse.GetValue(reportPath);
                var pictures = parse.GetValue(images);
                if (html is not null || pictures is not null)
                {
                    ClassifierReportBuilder.Save(html is null ? null : Path.GetFullPath(html), classifier, report, clips,
                        (file, e) => { failed++; Console.Error.WriteLine($"error: {file}: {e.Message}"); }, cancel.Token,
                        pictures is null ? null : Path.GetFullPath(pictures));
                }
                CsvOutput.Write(report.Classes.Append(report.MacroAverage).Append(report.WeightedAverage), Console.Out);
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "accuracy {0:0.0000} on {1} clips", report.Accuracy, report.Clips));
                Console.Error.Write(report.FormatConfusionMatrix());
                return failed > 0 ? 1 : 0;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled");
                return 130;
            }
            catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException or IOException or ArgumentException or InvalidOperationException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";

    private sealed class Progress(Action<ClassifierEpoch> report) : IProgress<ClassifierEpoch>
    {
        public void Report(ClassifierEpoch value) => report(value);
    }
}
