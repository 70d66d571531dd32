using MathNet.Numerics;

namespace AcousticAnomaly.Models.Thresholds;

/// <summary>A three-parameter gamma distribution: shape a, location, scale (SciPy's parametrisation).</summary>
public sealed record GammaFit(double Shape, double Location, double Scale)
{
    /// <summary>
    /// Fits all three parameters as scipy.stats.gamma.fit(scores) does (SciPy 1.10, the DCASE 2023 baseline): start
    /// from the method of moments (shape = 4 / skewness^2, loc and scale from mean and variance, moved below the
    /// data if the start leaves points outside the support), then minimise SciPy's penalised negative
    /// log-likelihood with its Nelder-Mead (<see cref="NelderMead"/>). This is a maximum-likelihood search that
    /// stops where SciPy's stops, not a global optimum: with free location the likelihood can grow without bound
    /// as loc approaches the smallest score with shape &lt; 1, and SciPy then returns a point on the way there.
    /// </summary>
    public static GammaFit Fit(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count < 2) throw new ArgumentException($"A gamma fit needs at least 2 scores, got {scores.Count}.");
        var data = new double[scores.Count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = scores[i];
            if (!double.IsFinite(data[i])) throw new ArgumentException($"Score {i} is {data[i]}: a gamma fit needs finite scores.");
        }
        double min = data.Min(), max = data.Max();
        if (min == max) throw new ArgumentException($"All {data.Length} scores equal {min}: a gamma distribution cannot be fitted.");

        // gamma_gen._fitstart: shape from the (biased) sample skewness.
        double mean = NumpySum.Mean(data);
        var dev = new double[data.Length];
        for (int i = 0; i < data.Length; i++) dev[i] = (data[i] - mean) * (data[i] - mean);
        double m2 = NumpySum.Mean(dev);
        for (int i = 0; i < data.Length; i++) dev[i] = Math.Pow(data[i] - mean, 3);
        double m3 = NumpySum.Mean(dev);
        double skew = m3 / Math.Pow(m2, 1.5);
        double shape0 = 4 / (1e-8 + skew * skew);

        // rv_continuous.fit_loc_scale: mean and variance of gamma(a) are both a.
        double scale0 = Math.Sqrt(m2 / shape0);
        double loc0 = mean - scale0 * shape0;
        if (!double.IsFinite(loc0)) loc0 = 0;
        if (!(double.IsFinite(scale0) && scale0 > 0)) scale0 = 1;
        // _fit_loc_scale_support: the support [loc, inf) must hold every score, else start just below them.
        if (!(loc0 < min))
        {
            loc0 = min - (max - min) * 0.1;
            scale0 = 1;
        }

        var best = NelderMead.Minimize(theta => PenalizedNegativeLogLikelihood(theta, data), new[] { shape0, loc0, scale0 });
        if (!(best[0] > 0 && best[2] > 0))
            throw new ArgumentException("The gamma fit converged to parameters outside the distribution's range.");
        return new GammaFit(best[0], best[1], best[2]);
    }

    /// <summary>The quantile function: loc + scale * P^-1(a, q) (scipy.stats.gamma.ppf).</summary>
    public double Quantile(double q)
    {
        if (!(q > 0 && q < 1)) throw new ArgumentOutOfRangeException(null, $"The gamma quantile must be between 0 and 1, exclusive (got {q}).");
        return Location + Scale * GammaQuantile.InverseRegularizedLower(Shape, q);
    }

    /// <summary>-sum log pdf, as scipy.stats.gamma.nnlf.</summary>
    public double NegativeLogLikelihood(IReadOnlyList<double> scores) =>
        PenalizedNegativeLogLikelihood(new[] { Shape, Location, Scale }, scores.ToArray());

    // rv_continuous._penalized_nnlf: points outside the support, or with a non-finite log-density, cost
    // log(double.MaxValue) * 100 each instead of making the objective infinite, so the search can walk back.
    private static readonly double Penalty = Math.Log(double.MaxValue) * 100;

    internal static double PenalizedNegativeLogLikelihood(double[] theta, double[] data)
    {
        double a = theta[0], loc = theta[1], scale = theta[2];
        if (!(a > 0) || scale <= 0) return double.PositiveInfinity;
        double nLogScale = data.Length * Math.Log(scale);
        double gammaLnA = SpecialFunctions.GammaLn(a);
        var logs = new double[data.Length];
        int count = 0, bad = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double x = (data[i] - loc) / scale;
            if (!(x > 0 && x < double.PositiveInfinity)) { bad++; continue; }
            // sc.xlogy(a - 1, x) - x - sc.gammaln(a); xlogy is 0 when a - 1 == 0.
            double xlogy = a - 1.0 == 0 ? 0 : (a - 1.0) * Math.Log(x);
            double v = xlogy - x - gammaLnA;
            if (!double.IsFinite(v)) { bad++; continue; }
            logs[count++] = v;
        }
        double sum = NumpySum.Sum(logs.AsSpan(0, count));
        return bad > 0 ? -sum + bad * Penalty + nLogScale : -sum + nLogScale;
    }
}
