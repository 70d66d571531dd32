using System.Globalization;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.Classifiers;

/// <summary>
/// Trains a classifier on labelled feature rows: standardisation statistics from the training rows (per feature for
/// Mlp, per channel for the CNNs so every frame shares them), a stratified validation split (or the caller's
/// validation rows), mini-batch Adam on the class-weighted cross-entropy, and early stopping on the validation loss
/// that restores the best epoch's weights. Seeded throughout: the same seed and rows give the same model.
/// </summary>
public sealed class ClassifierTrainer
{
    public ClassifierTrainer(ClassifierOptions? options = null)
    {
        Options = options ?? new ClassifierOptions();
        Options.Validate();
    }

    public ClassifierOptions Options { get; }

    /// <param name="features">One row per clip, laid out as <paramref name="settings"/> produce them.</param>
    /// <param name="labels">Label index per row, into <paramref name="labelNames"/>.</param>
    /// <param name="labelNames">Class names in output order.</param>
    /// <param name="settings">The feature settings the rows came from (stored in the model).</param>
    /// <param name="validation">Validation rows and labels; null = a stratified ValidationFraction of the rows.</param>
    /// <param name="progress">Receives every finished epoch.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    public ClassifierModel Train(FeatureMatrix features, IReadOnlyList<int> labels, IReadOnlyList<string> labelNames, FeatureSettings settings,
        (FeatureMatrix Features, IReadOnlyList<int> Labels)? validation = null, IProgress<ClassifierEpoch>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(labelNames);
        ArgumentNullException.ThrowIfNull(settings);
        var o = Options;
        int k = labelNames.Count;
        if (labels.Count != features.Rows) throw new ArgumentException($"{labels.Count} labels for {features.Rows} rows.", nameof(labels));
        if (k < 2) throw new ArgumentException($"A classifier needs at least two labels (got {k}).", nameof(labelNames));
        if (labels.Any(l => (uint)l >= (uint)k)) throw new ArgumentException("A label index is outside the label list.", nameof(labels));
        var shape = InputShape.For(o.Architecture, settings);
        if (shape.Size != features.Columns)
            throw new ArgumentException($"{o.Architecture} with {settings.FeatureSet} expects {shape.Size} features per row; got {features.Columns}.", nameof(features));

        int[] trainRows, validRows;
        FeatureMatrix validX;
        int[] validY;
        if (validation is { } v)
        {
            trainRows = Enumerable.Range(0, features.Rows).ToArray();
            validX = v.Features;
            validY = v.Labels.ToArray();
            validRows = Enumerable.Range(0, validX.Rows).ToArray();
        }
        else
        {
            (trainRows, validRows) = StratifiedSplit(labels, k, o.ValidationFraction, o.Seed);
            validX = features;
            validY = labels.ToArray();
        }
        if (trainRows.Length == 0) throw new ArgumentException("No training rows are left after the validation split.", nameof(features));

        int d = features.Columns;
        var (mean, scale) = Statistics(features, trainRows, o.Architecture == ClassifierArchitecture.Mlp ? d : shape.Channels, d);
        var x = ClassifierModel.Standardise(features.Data, mean, scale);
        var vx = ReferenceEquals(validX, features) ? x : ClassifierModel.Standardise(validX.Data, mean, scale);
        var y = labels.ToArray();

        var counts = new int[k];
        foreach (var r in trainRows) counts[y[r]]++;
        var classWeights = new float[k];
        for (int c = 0; c < k; c++)
            classWeights[c] = o.BalanceClasses && counts[c] > 0 ? (float)(trainRows.Length / (double)(k * counts[c])) : 1f;

        var network = new SequentialNetwork(ClassifierNetworkBuilder.Build(o.Architecture, shape, k, o), o.MaxDegreeOfParallelism);
        var adam = new AdamOptimizer(network.Parameters, o.LearningRate) { WeightDecay = o.WeightDecay };
        var rng = new Random(o.Seed + 1);
        // A stream of its own, so switching masking on leaves the shuffles and dropout of a seed as they were.
        var maskRng = new Random(o.Seed + 2);
        bool mask = o.SpecAugment && o.Architecture != ClassifierArchitecture.Mlp;
        // Shifts, mixup weights and partners draw from a stream of their own too, for the same reason.
        var augmentRng = new Random(o.Seed + 3);
        int maxShift = o.Architecture == ClassifierArchitecture.Mlp ? 0 : (int)(o.TimeShift * shape.Height);
        int batchSize = Math.Min(o.BatchSize, trainRows.Length);
        var batchX = new float[batchSize * d];
        var batchY = new int[batchSize];
        var grad = new float[batchSize * k];
        bool mixup = o.Mixup > 0;
        var mixX = mixup ? new float[batchSize * d] : [];
        var mixY = mixup ? new int[batchSize] : [];
        var mixGrad = mixup ? new float[batchSize * k] : [];
        var partner = mixup ? new int[batchSize] : [];
        var order = (int[])trainRows.Clone();
        float[][]? best = null;
        double bestLoss = double.PositiveInfinity, bestAccuracy = double.NaN, lastLoss = double.NaN;
        int bestEpoch = 0, epochsRun = 0;

        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            Shuffle(order, rng);
            double lossSum = 0;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(batchSize, order.Length - start);
                // A batch of one cannot be batch-normalised (PyTorch refuses it too): fold it into the previous batch's epoch.
                if (rows < 2 && start > 0) break;
                for (int r = 0; r < rows; r++)
                {
                    x.AsSpan(order[start + r] * d, d).CopyTo(batchX.AsSpan(r * d, d));
                    batchY[r] = y[order[start + r]];
                    if (maxShift > 0) Shift(batchX.AsSpan(r * d, d), d / shape.Height, augmentRng.Next(-maxShift, maxShift + 1));
                    if (mask) Mask(batchX.AsSpan(r * d, d), shape.Height, d / shape.Height, maskRng);
                }
                double lambda = 1;
                if (mixup)
                {
                    lambda = Beta(o.Mixup, augmentRng);
                    var mates = partner.AsSpan(0, rows);
                    for (int r = 0; r < rows; r++) mates[r] = r;
                    Shuffle(mates, augmentRng);
                    for (int r = 0; r < rows; r++)
                    {
                        batchX.AsSpan(partner[r] * d, d).CopyTo(mixX.AsSpan(r * d, d));
                        mixY[r] = batchY[partner[r]];
                    }
                    float a = (float)lambda, b = 1 - a;
                    for (int i = 0; i < rows * d; i++) mixX[i] = a * batchX[i] + b * mixX[i];
                }
                var input = mixup ? mixX : batchX;
                var logits = network.Forward(input, rows, training: true);
                double loss = SoftmaxCrossEntropy.LossAndGradient(logits, batchY.AsSpan(0, rows), classWeights, grad, rows, k, o.LabelSmoothing);
                if (mixup)
                {
                    // Cross-entropy is linear in the target, so the blended target's loss and gradient are the blend of both.
                    double other = SoftmaxCrossEntropy.LossAndGradient(logits, mixY.AsSpan(0, rows), classWeights, mixGrad, rows, k, o.LabelSmoothing);
                    float a = (float)lambda, b = 1 - a;
                    for (int i = 0; i < rows * k; i++) grad[i] = a * grad[i] + b * mixGrad[i];
                    loss = lambda * loss + (1 - lambda) * other;
                }
                if (!double.IsFinite(loss))
                    throw new InvalidOperationException($"Classifier training diverged (loss {loss} in epoch {epoch}); lower the learning rate.");
                lossSum += loss * rows;
                network.Backward(input, grad, rows);
                adam.Step();
            }
            lastLoss = lossSum / order.Length;
            epochsRun = epoch;
            double validLoss = double.NaN, validAccuracy = double.NaN;
            if (validRows.Length > 0) (validLoss, validAccuracy) = Evaluate(network, vx, validY, validRows, d, k);
            bool improved = validRows.Length == 0 || validLoss < bestLoss;
            if (improved)
            {
                bestLoss = validLoss;
                bestAccuracy = validAccuracy;
                bestEpoch = epoch;
                best = network.Snapshot();
            }
            progress?.Report(new ClassifierEpoch(epoch, o.Epochs, lastLoss, validLoss, validAccuracy, improved,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds));
            if (validRows.Length > 0 && epoch - bestEpoch >= o.Patience) break;
            int halfPatience = Math.Max(1, o.Patience / 2);
            if (o.LearningRateDecay && validRows.Length > 0 && !improved && (epoch - bestEpoch) % halfPatience == 0)
                adam.LearningRate /= 2;
        }
        if (best is not null) network.Restore(best);

        var summary = new ClassifierSummary
        {
            Architecture = o.Architecture.ToString(),
            TrainingClips = trainRows.Length,
            ValidationClips = validRows.Length,
            EpochsRun = epochsRun,
            BestEpoch = bestEpoch,
            ValidationLoss = validRows.Length > 0 ? bestLoss : double.NaN,
            ValidationAccuracy = bestAccuracy,
            FinalTrainingLoss = lastLoss,
            ClassWeights = classWeights,
            CreatedUtc = DateTime.UtcNow,
            ToolVersion = typeof(ClassifierTrainer).Assembly.GetName().Version?.ToString() ?? "",
            Parameters = new Dictionary<string, string>
            {
                ["epochs"] = o.Epochs.ToString(CultureInfo.InvariantCulture),
                ["batch_size"] = o.BatchSize.ToString(CultureInfo.InvariantCulture),
                ["learning_rate"] = o.LearningRate.ToString("R", CultureInfo.InvariantCulture),
                ["patience"] = o.Patience.ToString(CultureInfo.InvariantCulture),
                ["dropout"] = o.Dropout.ToString("R", CultureInfo.InvariantCulture),
                ["width"] = o.Width.ToString(CultureInfo.InvariantCulture),
                ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture),
                ["balance_classes"] = o.BalanceClasses ? "true" : "false",
                ["spec_augment"] = o.SpecAugment ? "true" : "false",
                ["time_shift"] = o.TimeShift.ToString("R", CultureInfo.InvariantCulture),
                ["mixup"] = o.Mixup.ToString("R", CultureInfo.InvariantCulture),
                ["label_smoothing"] = o.LabelSmoothing.ToString("R", CultureInfo.InvariantCulture),
                ["weight_decay"] = o.WeightDecay.ToString("R", CultureInfo.InvariantCulture),
                ["learning_rate_decay"] = o.LearningRateDecay ? "true" : "false",
            },
        };
        return new ClassifierModel(o.Architecture, network, shape, mean, scale, labelNames.ToArray(), settings, summary);
    }

    /// <summary>One time band (up to 10 % of the frames) and one feature band (up to 15 % of a frame's values) of a
    /// standardised frame-major clip set to 0, the training mean.</summary>
    internal static void Mask(Span<float> clip, int frames, int perFrame, Random rng)
    {
        int t = rng.Next(Math.Max(1, frames / 10) + 1), t0 = rng.Next(frames - t + 1);
        clip.Slice(t0 * perFrame, t * perFrame).Clear();
        int f = rng.Next(Math.Max(1, perFrame * 15 / 100) + 1), f0 = rng.Next(perFrame - f + 1);
        for (int i = 0; i < frames; i++) clip.Slice(i * perFrame + f0, f).Clear();
    }

    /// <summary>Moves a standardised frame-major clip by <paramref name="frames"/> frames (positive = later); the frames
    /// left empty are set to 0, the training mean.</summary>
    internal static void Shift(Span<float> clip, int perFrame, int frames)
    {
        int n = clip.Length, s = Math.Clamp(frames, -n / perFrame, n / perFrame) * perFrame;
        if (s > 0)
        {
            clip[..(n - s)].CopyTo(clip[s..]);
            clip[..s].Clear();
        }
        else if (s < 0)
        {
            clip[(-s)..].CopyTo(clip);
            clip[(n + s)..].Clear();
        }
    }

    /// <summary>A draw from Beta(a, a) as G1 / (G1 + G2) of two Gamma(a) draws.</summary>
    internal static double Beta(double a, Random rng)
    {
        double g1 = Gamma(a, rng), g2 = Gamma(a, rng);
        return g1 + g2 > 0 ? g1 / (g1 + g2) : 0.5;
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 through Gamma(shape + 1) U^(1/shape).</summary>
    private static double Gamma(double shape, Random rng)
    {
        if (shape < 1) return Gamma(shape + 1, rng) * Math.Pow(1 - rng.NextDouble(), 1 / shape);
        double dd = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * dd);
        while (true)
        {
            double z, v;
            do
            {
                // Box-Muller normal.
                z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                v = 1 + c * z;
            } while (v <= 0);
            v = v * v * v;
            double u = 1 - rng.NextDouble();
            if (Math.Log(u) < 0.5 * z * z + dd - dd * v + dd * Math.Log(v)) return dd * v;
        }
    }

    /// <summary>Fisher-Yates from the end, j = Next(i + 1): the draw order every seed's models were made with (not
    /// Random.Shuffle's, which draws differently).</summary>
    private static void Shuffle(Span<int> items, Random rng)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>Per label, a seeded shuffle and the first round(fraction * count) rows to validation (at least one when
    /// the label has two or more rows and fraction &gt; 0).</summary>
    internal static (int[] Train, int[] Validation) StratifiedSplit(IReadOnlyList<int> labels, int classes, double fraction, int seed)
    {
        var rng = new Random(seed);
        var train = new List<int>();
        var valid = new List<int>();
        for (int c = 0; c < classes; c++)
        {
            var rows = Enumerable.Range(0, labels.Count).Where(i => labels[i] == c).ToArray();
            Shuffle(rows, rng);
            int n = fraction > 0 && rows.Length >= 2 ? Math.Clamp((int)Math.Round(fraction * rows.Length), 1, rows.Length - 1) : 0;
            valid.AddRange(rows.Take(n));
            train.AddRange(rows.Skip(n));
        }
        train.Sort();
        valid.Sort();
        return (train.ToArray(), valid.ToArray());
    }

    /// <summary>Mean and population standard deviation over the training rows, grouped by index mod <paramref name="groups"/>
    /// and expanded to all <paramref name="d"/> features; a constant feature gets scale 1.</summary>
    private static (float[] Mean, float[] Scale) Statistics(FeatureMatrix x, int[] rows, int groups, int d)
    {
        var sum = new double[groups];
        var sq = new double[groups];
        long perGroup = (long)rows.Length * (d / groups);
        foreach (var r in rows)
        {
            var row = x.Row(r);
            for (int j = 0; j < d; j++) sum[j % groups] += row[j];
        }
        for (int g = 0; g < groups; g++) sum[g] /= perGroup;
        foreach (var r in rows)
        {
            var row = x.Row(r);
            for (int j = 0; j < d; j++)
            {
                double e = row[j] - sum[j % groups];
                sq[j % groups] += e * e;
            }
        }
        var mean = new float[d];
        var scale = new float[d];
        for (int j = 0; j < d; j++)
        {
            double std = Math.Sqrt(sq[j % groups] / perGroup);
            mean[j] = (float)sum[j % groups];
            scale[j] = std > 1e-6 ? (float)std : 1f;
        }
        return (mean, scale);
    }

    private static (double Loss, double Accuracy) Evaluate(SequentialNetwork network, float[] x, int[] y, int[] rows, int d, int k)
    {
        const int Chunk = 128;
        var batch = new float[Math.Min(Chunk, rows.Length) * d];
        var grad = new float[Math.Min(Chunk, rows.Length) * k];
        var labels = new int[Math.Min(Chunk, rows.Length)];
        double loss = 0;
        int correct = 0;
        for (int start = 0; start < rows.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, rows.Length - start);
            for (int r = 0; r < n; r++)
            {
                x.AsSpan(rows[start + r] * d, d).CopyTo(batch.AsSpan(r * d, d));
                labels[r] = y[rows[start + r]];
            }
            var logits = network.Forward(batch, n, training: false);
            loss += SoftmaxCrossEntropy.LossAndGradient(logits, labels.AsSpan(0, n), [], grad, n, k) * n;
            for (int r = 0; r < n; r++)
            {
                var z = logits.Slice(r * k, k);
                int arg = 0;
                for (int j = 1; j < k; j++) if (z[j] > z[arg]) arg = j;
                if (arg == labels[r]) correct++;
            }
        }
        return (loss / rows.Length, correct / (double)rows.Length);
    }
}
