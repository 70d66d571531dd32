using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// The service behind Measure-AudioClassifierModel and `acoustic-anomaly evaluate` with a classifier: every labelled
/// clip classified whole, then the report. Clips whose folder is not one of the model's labels, or that cannot be
/// read, are reported and left out.
/// </summary>
public static class ClassifierEvaluation
{
    public static (ClassificationReport Report, IReadOnlyList<(LabelledAudioFile File, ClassificationResult Result)> Clips) Evaluate(
        AudioClassifier classifier, IReadOnlyList<LabelledAudioFile> files, Action<string, Exception>? onFileError = null,
        IProgress<int>? clipsDone = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(files);
        var labels = classifier.Labels.ToList();
        var used = new List<(LabelledAudioFile, ClassificationResult)>();
        var truth = new List<int>();
        var predicted = new List<int>();
        int done = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int t = labels.IndexOf(file.Label);
            try
            {
                if (t < 0) throw new ArgumentException($"its folder '{file.Label}' is not one of the model's labels ({string.Join(", ", labels)})");
                var result = classifier.Classify(file.Path)[0];
                used.Add((file, result));
                truth.Add(t);
                predicted.Add(labels.IndexOf(result.Label));
            }
            catch (Exception ex) when (ex is Audio.AudioFileException or IOException or ArgumentException or InvalidDataException or UnauthorizedAccessException)
            {
                onFileError?.Invoke(file.Path, ex);
            }
            clipsDone?.Report(++done);
        }
        if (used.Count == 0) throw new InvalidOperationException($"none of the {files.Count} clips could be classified (each was reported)");
        return (ClassificationReport.Create(labels, truth, predicted), used);
    }
}
