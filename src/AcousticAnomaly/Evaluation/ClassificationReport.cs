namespace AcousticAnomaly.Evaluation;

/// <summary>
/// scikit-learn's classification_report and confusion_matrix for single-label predictions: per-class precision, recall,
/// F1 and support, their macro (unweighted) and support-weighted averages, accuracy, and the confusion matrix
/// (rows = true label, columns = predicted, in label order). A ratio with a zero denominator is 0 (zero_division=0).
/// </summary>
public sealed record ClassificationReport
{
    public required IReadOnlyList<string> Labels { get; init; }
    public required double Accuracy { get; init; }
    public required int Clips { get; init; }
    public required IReadOnlyList<ClassMetrics> Classes { get; init; }
    public required ClassMetrics MacroAverage { get; init; }
    public required ClassMetrics WeightedAverage { get; init; }
    /// <summary>ConfusionMatrix[t][p]: clips of label t predicted as label p.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; }

    public static ClassificationReport Create(IReadOnlyList<string> labels, IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth.Count != predicted.Count) throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        int k = labels.Count, n = truth.Count;
        var cm = new int[k][];
        for (int i = 0; i < k; i++) cm[i] = new int[k];
        for (int i = 0; i < n; i++) cm[truth[i]][predicted[i]]++;
        static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
        var classes = new List<ClassMetrics>(k);
        int correct = 0;
        for (int c = 0; c < k; c++)
        {
            int tp = cm[c][c], support = cm[c].Sum(), predictedC = cm.Sum(row => row[c]);
            correct += tp;
            double p = Ratio(tp, predictedC), r = Ratio(tp, support);
            classes.Add(new ClassMetrics(labels[c], p, r, Ratio(2 * p * r, p + r), support));
        }
        double W(Func<ClassMetrics, double> f) => Ratio(classes.Sum(m => f(m) * m.Support), n);
        return new ClassificationReport
        {
            Labels = labels.ToArray(),
            Accuracy = Ratio(correct, n),
            Clips = n,
            Classes = classes,
            MacroAverage = new ClassMetrics("macro avg", classes.Average(m => m.Precision), classes.Average(m => m.Recall), classes.Average(m => m.F1), n),
            WeightedAverage = new ClassMetrics("weighted avg", W(m => m.Precision), W(m => m.Recall), W(m => m.F1), n),
            ConfusionMatrix = cm,
        };
    }

    /// <summary>The confusion matrix as aligned text (true labels down, predicted across).</summary>
    public string FormatConfusionMatrix()
    {
        int w = Math.Max(6, Labels.Max(l => l.Length) + 1);
        var sb = new System.Text.StringBuilder();
        sb.Append("true \\ predicted".PadRight(w + 10));
        foreach (var l in Labels) sb.Append(l.PadLeft(w));
        sb.AppendLine();
        for (int t = 0; t < Labels.Count; t++)
        {
            sb.Append(Labels[t].PadRight(w + 10));
            foreach (var v in ConfusionMatrix[t]) sb.Append(v.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(w));
            sb.AppendLine();
        }
        return sb.ToString();
    }
}
