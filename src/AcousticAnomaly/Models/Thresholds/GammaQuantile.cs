using MathNet.Numerics;

namespace AcousticAnomaly.Models.Thresholds;

/// <summary>Inverse of the regularised lower incomplete gamma function P(a, x), i.e. scipy.special.gammaincinv.</summary>
internal static class GammaQuantile
{
    /// <summary>x with P(a, x) = p. MathNet's inverse gives the start; Newton steps on log-space polish it to ~1e-15.</summary>
    public static double InverseRegularizedLower(double a, double p)
    {
        double x = SpecialFunctions.GammaLowerRegularizedInv(a, p);
        if (!(x > 0) || !double.IsFinite(x)) return x;
        double logGammaA = SpecialFunctions.GammaLn(a);
        for (int i = 0; i < 8; i++)
        {
            double f = SpecialFunctions.GammaLowerRegularized(a, x) - p;
            // dP/dx = x^(a-1) e^-x / Gamma(a)
            double density = Math.Exp((a - 1) * Math.Log(x) - x - logGammaA);
            if (!(density > 0)) break;
            double step = f / density;
            double next = x - step;
            if (next <= 0) next = x / 2;
            if (Math.Abs(next - x) <= 1e-15 * x) { x = next; break; }
            x = next;
        }
        return x;
    }
}
