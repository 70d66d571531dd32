namespace AcousticAnomaly.Models.OneClassSvm;

/// <summary>
/// libsvm's SMO solver (Solver::Solve) specialised to the one-class problem (svm.cpp solve_one_class): minimise
/// 1/2 a^T Q a subject to 0 &lt;= a_i &lt;= 1 and sum a_i = nu l, with all labels +1 and a zero linear term.
/// Start: the first floor(nu l) alphas at 1 and the next at the remainder. Each step picks the pair by libsvm's
/// second-order working set selection (WSS 3 of Fan, Chen and Lin 2005), solves it analytically with the box clipping
/// of libsvm, and updates the gradient; it stops when the maximal KKT violation m(a) - M(a) is below eps.
/// rho is the mean gradient over free alphas (or the midpoint of the bounds when none is free), as calculate_rho.
/// Shrinking is not implemented: it only changes which equally valid solution within eps is reached and how fast.
/// </summary>
internal static class OneClassSvmSolver
{
    /// <summary>libsvm's TAU: the curvature used when the pair's quadratic coefficient is not positive.</summary>
    private const double Tau = 1e-12;

    public sealed record Result(double[] Alpha, double Rho, int Iterations);

    /// <summary>SMO steps per progress report: one pass is about one step per training vector (at least 1000 steps,
    /// so small problems do not flood the progress bar).</summary>
    internal static int PassLength(int l) => Math.Max(l, 1000);

    public static Result Solve(int l, double nu, Func<int, float[]> column, double eps, CancellationToken cancellationToken,
        IProgress<TrainingIteration>? iterations = null)
    {
        var alpha = new double[l];
        int n = (int)(nu * l);
        for (int i = 0; i < n; i++) alpha[i] = 1;
        if (n < l) alpha[n] = nu * l - n;

        // Gradient of 1/2 a^T Q a is Q a; only the non-zero alphas contribute.
        var g = new double[l];
        for (int j = 0; j < l; j++)
        {
            if (alpha[j] <= 0) continue;
            var qj = column(j);
            for (int t = 0; t < l; t++) g[t] += alpha[j] * qj[t];
        }

        // The RBF kernel has K(x, x) = 1, so libsvm's QD (the diagonal) is all ones.
        const double qd = 1.0;
        long maxIterations = Math.Max(10_000_000L, 100L * l);
        int iteration = 0, passLength = PassLength(l);
        double firstGap = double.NaN;
        while (iteration < maxIterations)
        {
            if ((iteration & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            bool optimal = !SelectWorkingSet(l, alpha, g, column, eps, out int i, out int j, out double gap);
            if (iteration == 0) firstGap = gap;
            if (iterations is not null && (optimal || (iteration > 0 && iteration % passLength == 0)))
                iterations.Report(Progress(iteration, passLength, firstGap, optimal ? Math.Min(gap, eps) : gap, eps, alpha, g));
            if (optimal) break;
            iteration++;

            var qi = column(i);
            var qjCol = column(j);
            double oldI = alpha[i], oldJ = alpha[j];
            double quad = qd + qd - 2.0 * qi[j];
            if (quad <= 0) quad = Tau;
            double delta = (g[i] - g[j]) / quad;
            double sum = alpha[i] + alpha[j];
            alpha[i] -= delta;
            alpha[j] += delta;
            // Clip to the box [0, 1] along the line alpha_i + alpha_j = sum (libsvm's same-label branch, C = 1).
            if (sum > 1) { if (alpha[i] > 1) { alpha[i] = 1; alpha[j] = sum - 1; } }
            else { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; } }
            if (sum > 1) { if (alpha[j] > 1) { alpha[j] = 1; alpha[i] = sum - 1; } }
            else { if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; } }

            double di = alpha[i] - oldI, dj = alpha[j] - oldJ;
            for (int t = 0; t < l; t++) g[t] += qi[t] * di + qjCol[t] * dj;
        }
        return new Result(alpha, Rho(alpha, g), iteration);
    }

    /// <summary>
    /// The SMO step count has no useful bound (libsvm caps it at 10^7), so the percentage is how far the KKT gap has
    /// fallen from its first value towards the tolerance on a log scale: the gap shrinks roughly geometrically. The
    /// loss is the dual objective 1/2 a^T Q a = 1/2 sum a_i G_i that SMO minimises.
    /// </summary>
    private static TrainingIteration Progress(int steps, int passLength, double firstGap, double gap, double eps, double[] alpha, double[] g)
    {
        int percent = gap <= eps ? 100
            : firstGap <= gap ? 0
            : (int)Math.Clamp(100 * Math.Log(firstGap / gap) / Math.Log(firstGap / eps), 0, 99);
        double objective = 0;
        for (int t = 0; t < alpha.Length; t++) objective += alpha[t] * g[t];
        int pass = (steps + passLength - 1) / passLength;
        var unit = FormattableString.Invariant($"SMO pass {pass} ({steps} steps), KKT gap {gap:G3} (tolerance {eps:G3}), converged %");
        return new TrainingIteration(unit, percent, 100, objective / 2);
    }

    /// <summary>WSS 3: i maximises -G over alphas that can grow; j minimises the second-order objective decrease.
    /// Returns false when optimal within eps; <paramref name="gap"/> is the maximal KKT violation m(a) - M(a).</summary>
    private static bool SelectWorkingSet(int l, double[] alpha, double[] g, Func<int, float[]> column, double eps, out int outI, out int outJ, out double gap)
    {
        double gmax = double.NegativeInfinity, gmax2 = double.NegativeInfinity;
        int gmaxIdx = -1, gminIdx = -1;
        double objDiffMin = double.PositiveInfinity;
        for (int t = 0; t < l; t++)
        {
            if (alpha[t] < 1 && -g[t] >= gmax)
            {
                gmax = -g[t];
                gmaxIdx = t;
            }
        }
        outI = gmaxIdx;
        outJ = -1;
        var qi = gmaxIdx >= 0 ? column(gmaxIdx) : null;
        for (int j = 0; j < l; j++)
        {
            if (alpha[j] <= 0) continue;
            double gradDiff = gmax + g[j];
            if (g[j] >= gmax2) gmax2 = g[j];
            if (gradDiff > 0 && qi is not null)
            {
                double quad = 2.0 - 2.0 * qi[j];
                double objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / Tau;
                if (objDiff <= objDiffMin)
                {
                    gminIdx = j;
                    objDiffMin = objDiff;
                }
            }
        }
        gap = gmax + gmax2;
        if (gap < eps || gminIdx == -1) return false;
        outJ = gminIdx;
        return true;
    }

    private static double Rho(double[] alpha, double[] g)
    {
        double ub = double.PositiveInfinity, lb = double.NegativeInfinity, sumFree = 0;
        int free = 0;
        for (int i = 0; i < alpha.Length; i++)
        {
            if (alpha[i] >= 1) lb = Math.Max(lb, g[i]);
            else if (alpha[i] <= 0) ub = Math.Min(ub, g[i]);
            else
            {
                free++;
                sumFree += g[i];
            }
        }
        return free > 0 ? sumFree / free : (ub + lb) / 2;
    }
}
