using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;
using AcousticAnomaly.Models.KMeans;

namespace AcousticAnomaly.Models.Gmm;

/// <summary>
/// Fits diagonal Gaussian mixtures by expectation-maximisation exactly as scikit-learn's GaussianMixture does
/// (same M-step with reg_covar, same stopping rule on the mean log-likelihood), initialised from k-means labels
/// (our <see cref="KMeansTrainer"/>, unstandardised, as sklearn's init_params='kmeans'), and picks the component count
/// with the lowest BIC on the training vectors; with several restarts (<see cref="GmmOptions.Restarts"/>) the restarts'
/// mixtures are averaged into one.
/// </summary>
public sealed class GmmTrainer(GmmOptions options)
{
    private readonly GmmOptions _options = Validated(options);

    /// <summary>The mixture of <see cref="GmmOptions.Restarts"/> fits (see <see cref="TrainRestarts"/>, <see cref="Combine"/>).</summary>
    /// <param name="x">Training vectors, finite.</param>
    /// <param name="cancellationToken">Checked between EM iterations.</param>
    /// <param name="iterations">Told after every EM iteration of every candidate component count: the negative mean
    /// log-likelihood it reached (the loss EM lowers).</param>
    public GmmModel Train(FeatureMatrix x, CancellationToken cancellationToken = default, IProgress<TrainingIteration>? iterations = null) =>
        Combine(TrainRestarts(x, cancellationToken, iterations), x);

    /// <summary>One BIC-chosen (or fixed-size) mixture per restart, restart r initialised by k-means with
    /// <see cref="RestartSeed"/>(r). One fit when a single component is all there can be (no start to vary).</summary>
    public IReadOnlyList<GmmModel> TrainRestarts(FeatureMatrix x, CancellationToken cancellationToken = default, IProgress<TrainingIteration>? iterations = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));
        if (x.Rows == 0) throw new ArgumentException("No training vectors.", nameof(x));
        int most = Math.Min(_options.Components ?? _options.MaxComponents, x.Rows);
        int restarts = most == 1 ? 1 : _options.Restarts;
        var fits = new GmmModel[restarts];
        GmmModel? single = null; // one component has no k-means start: fitted once, shared by every restart's BIC search
        for (int r = 0; r < restarts; r++)
        {
            // Restart 0 reports as one fit always did; later ones name themselves.
            var told = iterations is null || r == 0 ? iterations
                : new Prefixed(iterations, $"restart {(r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}/{restarts.ToString(System.Globalization.CultureInfo.InvariantCulture)}: ");
            fits[r] = TrainOnce(x, RestartSeed(r), ref single, cancellationToken, told);
        }
        return fits;
    }

    private sealed class Prefixed(IProgress<TrainingIteration> inner, string prefix) : IProgress<TrainingIteration>
    {
        public void Report(TrainingIteration value) => inner.Report(value with { Unit = prefix + value.Unit });
    }

    /// <summary>Restart 0 uses the Seed itself (so one restart is the model scikit-learn's single fit parity-tests);
    /// restart r a seed far from it, so the restarts of seeds 0, 1, 2 do not overlap.</summary>
    public int RestartSeed(int restart) => unchecked(_options.Seed + restart * 1_000_003);

    /// <summary>
    /// The restarts as one mixture: every component kept, its weight divided by the restart count, so the density is
    /// the mean of the restarts' densities (an ordinary diagonal mixture: scored and exported as any other). Its
    /// mean log-likelihood and BIC are those of the combined mixture on <paramref name="x"/>; Iterations the most any
    /// restart took. One restart is returned unchanged.
    /// </summary>
    public static GmmModel Combine(IReadOnlyList<GmmModel> fits, FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(fits);
        ArgumentNullException.ThrowIfNull(x);
        if (fits.Count == 0) throw new ArgumentException("No fits to combine.", nameof(fits));
        if (fits.Count == 1) return fits[0];
        int d = fits[0].FeatureCount;
        if (fits.Any(f => f.FeatureCount != d)) throw new ArgumentException("The fits must have the same feature count.", nameof(fits));
        var weights = fits.SelectMany(f => f.Weights.Select(w => w / fits.Count)).ToArray();
        var means = fits.SelectMany(f => f.Means).ToArray();
        var variances = fits.SelectMany(f => f.Variances).ToArray();
        var combined = new GmmModel(weights, means, variances, d, double.NaN, fits.Max(f => f.Iterations), double.NaN);
        double total = new GmmScorer(combined).LogLikelihood(x).Sum();
        return combined with
        {
            MeanLogLikelihood = total / x.Rows,
            Bic = -2 * total + GmmModel.ParameterCount(weights.Length, d) * Math.Log(x.Rows),
        };
    }

    private GmmModel TrainOnce(FeatureMatrix x, int seed, ref GmmModel? single, CancellationToken cancellationToken, IProgress<TrainingIteration>? iterations)
    {
        if (_options.Components is { } fixedK) return Fit(x, InitialLabels(x, Math.Min(fixedK, x.Rows), seed), cancellationToken, iterations);
        GmmModel? best = null;
        for (int k = 1; k <= Math.Min(_options.MaxComponents, x.Rows); k++)
        {
            var model = k == 1 ? single ??= Fit(x, InitialLabels(x, 1, seed), cancellationToken, iterations)
                : Fit(x, InitialLabels(x, k, seed), cancellationToken, iterations);
            if (best is null || model.Bic < best.Bic) best = model;
        }
        return best!;
    }

    /// <summary>EM from a hard assignment of rows to components (one-hot responsibilities), as sklearn's _initialize.</summary>
    public GmmModel Fit(FeatureMatrix x, int[] labels, CancellationToken cancellationToken = default, IProgress<TrainingIteration>? iterations = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != x.Rows) throw new ArgumentException($"Need one label per row ({x.Rows}), got {labels.Length}.", nameof(labels));
        int n = x.Rows, k = labels.Max() + 1;
        var resp = new double[n * k];
        for (int i = 0; i < n; i++) resp[i * k + labels[i]] = 1;
        var model = MStep(x, resp, k);
        double lowerBound = double.NegativeInfinity;
        int iteration = 0;
        for (iteration = 1; iteration <= _options.MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double previous = lowerBound;
            lowerBound = EStep(x, model, resp);
            model = MStep(x, resp, k);
            iterations?.Report(new TrainingIteration($"{k} component(s), EM iteration", iteration, _options.MaxIterations, -lowerBound));
            if (Math.Abs(lowerBound - previous) < _options.Tolerance) break;
        }
        // sklearn reports the lower bound of the last E-step; the BIC uses the final parameters' likelihood.
        var final = new GmmScorer(model).LogLikelihood(x);
        double total = final.Sum();
        double bic = -2 * total + GmmModel.ParameterCount(k, x.Columns) * Math.Log(n);
        return model with { MeanLogLikelihood = lowerBound, Iterations = Math.Min(iteration, _options.MaxIterations), Bic = bic };
    }

    private static int[] InitialLabels(FeatureMatrix x, int k, int seed)
    {
        if (k == 1) return new int[x.Rows];
        var centres = new KMeansTrainer(new KMeansOptions(k, Standardize: false, Seed: seed)).Train(x);
        var labels = new KMeansScorer(centres).Score(x).Label;
        // k-means can leave a centre without rows; renumber so every component has some.
        var used = labels.Distinct().OrderBy(l => l).Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        return labels.Select(l => used[l]).ToArray();
    }

    /// <summary>Responsibilities in place; returns the mean log-likelihood (sklearn's log_prob_norm mean).</summary>
    private static double EStep(FeatureMatrix x, GmmModel model, double[] resp)
    {
        var scorer = new GmmScorer(model);
        int k = model.ComponentCount;
        var perComponent = new double[k];
        double sum = 0;
        for (int i = 0; i < x.Rows; i++)
        {
            var logs = scorer.ComponentLogDensities(x.Data.AsSpan(i * x.Columns, x.Columns), perComponent);
            double norm = GmmMath.LogSumExp(logs);
            sum += norm;
            for (int c = 0; c < k; c++) resp[i * k + c] = Math.Exp(logs[c] - norm);
        }
        return sum / x.Rows;
    }

    /// <summary>sklearn _estimate_gaussian_parameters + _estimate_gaussian_covariances_diag.</summary>
    private GmmModel MStep(FeatureMatrix x, double[] resp, int k)
    {
        int n = x.Rows, d = x.Columns;
        var nk = new double[k];
        var means = new double[k * d];
        var x2 = new double[k * d];
        for (int i = 0; i < n; i++)
        {
            var row = x.Data.AsSpan(i * d, d);
            for (int c = 0; c < k; c++)
            {
                double r = resp[i * k + c];
                if (r == 0) continue;
                nk[c] += r;
                for (int j = 0; j < d; j++)
                {
                    means[c * d + j] += r * row[j];
                    x2[c * d + j] += r * (double)row[j] * row[j];
                }
            }
        }
        var variances = new double[k * d];
        var weights = new double[k];
        for (int c = 0; c < k; c++)
        {
            nk[c] += 10 * 2.220446049250313e-16; // sklearn: nk + 10 * np.finfo(float64).eps
            for (int j = 0; j < d; j++)
            {
                double sumX = means[c * d + j];
                double mean = sumX / nk[c];
                means[c * d + j] = mean;
                // avg_X2 - 2 avg_X_means + avg_means2 + reg_covar, as sklearn computes it.
                variances[c * d + j] = x2[c * d + j] / nk[c] - 2 * (mean * sumX / nk[c]) + mean * mean + _options.RegCovar;
            }
            weights[c] = nk[c] / n;
        }
        double total = weights.Sum();
        for (int c = 0; c < k; c++) weights[c] /= total;
        return new GmmModel(weights, means, variances, d, double.NaN, 0, double.NaN);
    }

    private static GmmOptions Validated(GmmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
