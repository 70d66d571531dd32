using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;

namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>
/// Fits scikit-learn's OneClassSVM (libsvm's nu one-class SVM, RBF kernel) on float32 features: at most
/// MaxTrainingVectors rows (a seeded uniform draw, kept in their original order, when there are more), gamma 'scale'
/// = 1 / (D x var(all values)) unless given, then <see cref="OneClassSvmSolver"/> over a kernel column cache. The
/// support vectors are the rows with alpha &gt; 0, in row order, as libsvm returns them.
/// </summary>
public sealed class OneClassSvmTrainer
{
    public OneClassSvmTrainer(OneClassSvmOptions? options = null)
    {
        Options = options ?? new OneClassSvmOptions();
        Options.Validate();
    }

    public OneClassSvmOptions Options { get; }

    /// <summary>Throws ArgumentException for fewer than two rows or a NaN / infinite value. <paramref name="iterations"/>
    /// hears every SMO pass (see <see cref="OneClassSvmSolver"/>), ending at 100/100 when the solver converges.</summary>
    public OneClassSvmModel Train(FeatureMatrix x, CancellationToken cancellationToken = default, IProgress<TrainingIteration>? iterations = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows < 2) throw new ArgumentException($"a one-class SVM needs at least 2 vectors; got {x.Rows}.", nameof(x));
        FeatureMatrixChecks.ThrowIfNotFinite(x, nameof(x));

        var data = Subsample(x, Options.MaxTrainingVectors, Options.Seed);
        var gamma = Options.Gamma ?? ScaleGamma(data);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism ?? -1, CancellationToken = cancellationToken };
        var cache = new OneClassSvmKernelCache(data, gamma, Options.CacheMegabytes * 1024L * 1024L, parallel);
        var result = OneClassSvmSolver.Solve(data.Rows, Options.Nu, cache.Column, Options.Tolerance, cancellationToken, iterations);

        var support = Enumerable.Range(0, data.Rows).Where(i => result.Alpha[i] > 0).ToArray();
        var vectors = new float[support.Length * data.Columns];
        for (int s = 0; s < support.Length; s++) data.Row(support[s]).CopyTo(vectors.AsSpan(s * data.Columns, data.Columns));
        var coefficients = support.Select(i => result.Alpha[i]).ToArray();
        return new OneClassSvmModel(vectors, coefficients, result.Rho, gamma, data.Columns, data.Rows, result.Iterations);
    }

    /// <summary>sklearn's gamma='scale': 1 / (n_features * X.var()), the variance over every value; 1 if that is 0.</summary>
    internal static double ScaleGamma(FeatureMatrix x)
    {
        double mean = 0;
        foreach (var v in x.Data) mean += v;
        mean /= x.Data.Length;
        double variance = 0;
        foreach (var v in x.Data)
        {
            var d = v - mean;
            variance += d * d;
        }
        variance /= x.Data.Length;
        return variance > 0 ? 1.0 / (x.Columns * variance) : 1.0;
    }

    /// <summary>Up to <paramref name="max"/> rows drawn without replacement (partial Fisher-Yates), in original order.</summary>
    internal static FeatureMatrix Subsample(FeatureMatrix x, int max, int seed)
    {
        if (x.Rows <= max) return x;
        var rng = new SeededRandom(seed, 0);
        var index = Enumerable.Range(0, x.Rows).ToArray();
        for (int i = 0; i < max; i++)
        {
            int j = i + rng.NextInt(x.Rows - i);
            (index[i], index[j]) = (index[j], index[i]);
        }
        var chosen = index.AsSpan(0, max).ToArray();
        Array.Sort(chosen);
        var data = new float[max * x.Columns];
        for (int r = 0; r < max; r++) x.Row(chosen[r]).CopyTo(data.AsSpan(r * x.Columns, x.Columns));
        return new FeatureMatrix(data, max, x.Columns);
    }
}
