using AcousticAnomaly.Audio;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Plots;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Evaluation;

/// <summary>
/// Gathers what <see cref="ClassifierHtmlReport"/> draws from an evaluation's clips: each clip's embedding (the
/// model's penultimate layer, its "embedding" output) or, for a model without one, its feature row (the model's own
/// features, frames averaged), standardised per column, projected to 2-D by PCA; the silhouette of the true labels in
/// that standardised space; spectrograms of the worst-classified clips. Writes the HTML report and/or PNG pictures of
/// the confusion matrix and the scatter (<see cref="ConfusionMatrixFile"/>, <see cref="ScatterFile"/>).
/// </summary>
public static class ClassifierReportBuilder
{
    /// <summary>Clips shown with spectrograms.</summary>
    public const int WorstCount = 6;

    /// <summary>File names of the PNG pictures in the image folder.</summary>
    public const string ConfusionMatrixFile = "confusion-matrix.png", ScatterFile = "scatter.png";

    /// <summary>Writes the HTML report to <paramref name="reportPath"/> (null = none) and the PNG pictures into
    /// <paramref name="imageDirectory"/> (null = none; created when missing); returns the files written.</summary>
    public static IReadOnlyList<string> Save(string? reportPath, AudioClassifier classifier, ClassificationReport report,
        IReadOnlyList<(LabelledAudioFile File, ClassificationResult Result)> clips, Action<string, Exception>? onFileError = null,
        CancellationToken cancellationToken = default, string? imageDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(clips);
        var extractor = classifier.Extractor;
        bool embeddings = classifier.HasEmbedding;
        var rows = new List<float[]>(clips.Count);
        var kept = new List<(LabelledAudioFile File, ClassificationResult Result)>(clips.Count);
        foreach (var clip in clips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var mono = extractor.ToMono(AudioFile.ReadAll(clip.File.Path));
                rows.Add(embeddings ? classifier.PredictEmbeddings(classifier.InputRow(mono))! : FeatureRow(extractor, mono));
                kept.Add(clip);
            }
            catch (Exception e) when (e is AudioFileException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                onFileError?.Invoke(clip.File.Path, e);
            }
        }
        if (kept.Count < 2) throw new InvalidOperationException("the report needs at least two readable clips");
        int n = kept.Count, d = rows[0].Length;
        var z = Standardise(rows, d);
        var (points, ratio) = Pca2d.Project(z, n, d);
        var labels = kept.Select(c => classifier.Labels.ToList().IndexOf(c.File.Label)).ToArray();
        double silhouette = labels.Distinct().Count() >= 2 && labels.Distinct().Count() < n
            ? Silhouette.Score(z.Select(v => (double)v).ToArray(), n, d, labels) : double.NaN;
        var reportClips = kept.Select((c, i) => new ClassifierReportClip(c.File.Path, c.File.Label, c.Result.Label,
            c.Result.Probabilities.TryGetValue(c.File.Label, out var p) ? p : 0, points[2 * i], points[2 * i + 1])).ToList();

        string space = embeddings ? ClassifierHtmlReport.EmbeddingSpace : ClassifierHtmlReport.FeatureSpace;
        var written = new List<string>();
        if (imageDirectory is not null)
        {
            Directory.CreateDirectory(imageDirectory);
            var matrix = System.IO.Path.Combine(imageDirectory, ConfusionMatrixFile);
            Plots.ConfusionMatrixImage.Save(matrix, report.Labels, report.ConfusionMatrix);
            var scatter = System.IO.Path.Combine(imageDirectory, ScatterFile);
            Plots.ScatterImage.Save(scatter, report.Labels,
                reportClips.Select(c => new Plots.ScatterPoint(c.Label, c.Predicted, c.X, c.Y)).ToList(), space, ratio, silhouette);
            written.Add(matrix);
            written.Add(scatter);
        }
        if (reportPath is null) return written;
        var pictures = new List<ReportSpectrogram>();
        foreach (var c in reportClips.OrderBy(c => c.TrueProbability).Take(WorstCount))
        {
            try
            {
                // Streamed with the exporter's width budget: a long clip's picture keeps memory flat (issue 15 item 13).
                var columns = SpectrogramColumns.Read(c.Path, extractor, new SpectrogramExportOptions().MaxWidth);
                pictures.Add(new ReportSpectrogram(c.Path, SpectrogramImage.Render(columns).ToPng()));
            }
            catch (Exception e) when (e is AudioFileException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                onFileError?.Invoke(c.Path, e);
            }
        }
        ClassifierHtmlReport.Save(reportPath, System.IO.Path.GetFileName(classifier.Path), report, reportClips, silhouette, ratio, pictures, DateTimeOffset.Now, space);
        written.Insert(0, reportPath);
        return written;
    }

    /// <summary>The model's features of a clip, several rows (LogMelFrames) averaged into one.</summary>
    private static float[] FeatureRow(Features.FeatureExtractor extractor, float[] mono)
    {
        var m = extractor.Extract(mono);
        var row = new float[m.Columns];
        for (int r = 0; r < m.Rows; r++)
            for (int j = 0; j < m.Columns; j++) row[j] += m[r, j] / m.Rows;
        return row;
    }

    /// <summary>Each column to zero mean and unit (population) deviation; constant columns become 0.</summary>
    private static float[] Standardise(List<float[]> rows, int d)
    {
        int n = rows.Count;
        var z = new float[n * d];
        for (int j = 0; j < d; j++)
        {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += rows[i][j];
            mean /= n;
            for (int i = 0; i < n; i++) sq += (rows[i][j] - mean) * (rows[i][j] - mean);
            double sd = Math.Sqrt(sq / n);
            for (int i = 0; i < n; i++) z[i * d + j] = sd > 0 ? (float)((rows[i][j] - mean) / sd) : 0f;
        }
        return z;
    }
}
