namespace AcousticAnomaly.Models.Thresholds;

/// <summary>
/// scipy.optimize.fmin (Nelder-Mead, scipy 1.10 _minimize_neldermead, non-adaptive) ported step for step: the same
/// initial simplex (+5 % per coordinate, 0.00025 for zeros), the same reflect/expand/contract/shrink order and
/// tie-breaking, xatol = fatol = 1e-4 and at most 200 * N iterations and function calls. Following SciPy exactly is
/// the point: a 3-parameter gamma likelihood is often flat or unbounded, so where the search stops is decided by
/// the algorithm, and the DCASE threshold is whatever SciPy's search returns.
/// </summary>
internal static class NelderMead
{
    public static double[] Minimize(Func<double[], double> function, double[] x0, double xatol = 1e-4, double fatol = 1e-4)
    {
        const double rho = 1, chi = 2, psi = 0.5, sigma = 0.5, nonzdelt = 0.05, zdelt = 0.00025;
        int n = x0.Length;
        int maxIterations = n * 200, maxCalls = n * 200;
        int calls = 0;

        var sim = new double[n + 1][];
        sim[0] = (double[])x0.Clone();
        for (int k = 0; k < n; k++)
        {
            var y = (double[])x0.Clone();
            y[k] = y[k] != 0 ? (1 + nonzdelt) * y[k] : zdelt;
            sim[k + 1] = y;
        }
        var fsim = new double[n + 1];
        Array.Fill(fsim, double.PositiveInfinity);

        // SciPy's wrapper raises once the call budget is spent; the remaining evaluations are simply skipped.
        bool Evaluate(double[] x, out double value)
        {
            value = double.PositiveInfinity;
            if (calls >= maxCalls) return false;
            calls++;
            value = function((double[])x.Clone());
            return true;
        }

        for (int k = 0; k < n + 1; k++)
        {
            if (!Evaluate(sim[k], out var f)) break;
            fsim[k] = f;
        }
        SortSimplex(sim, fsim);

        int iterations = 1;
        while (calls < maxCalls && iterations < maxIterations)
        {
            if (Converged(sim, fsim, xatol, fatol)) break;
            if (!Step()) { SortSimplex(sim, fsim); break; }
            iterations++;
            SortSimplex(sim, fsim);
        }
        return sim[0];

        bool Step()
        {
            var xbar = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += sim[j][i];
                xbar[i] = s / n;
            }
            var worst = sim[n];
            var xr = Combine(1 + rho, xbar, -rho, worst);
            if (!Evaluate(xr, out var fxr)) return false;

            if (fxr < fsim[0])
            {
                var xe = Combine(1 + rho * chi, xbar, -rho * chi, worst);
                if (!Evaluate(xe, out var fxe)) return false;
                if (fxe < fxr) { sim[n] = xe; fsim[n] = fxe; }
                else { sim[n] = xr; fsim[n] = fxr; }
                return true;
            }
            if (fxr < fsim[n - 1])
            {
                sim[n] = xr;
                fsim[n] = fxr;
                return true;
            }
            bool shrink;
            if (fxr < fsim[n])
            {
                var xc = Combine(1 + psi * rho, xbar, -psi * rho, worst);
                if (!Evaluate(xc, out var fxc)) return false;
                if (fxc <= fxr) { sim[n] = xc; fsim[n] = fxc; shrink = false; }
                else shrink = true;
            }
            else
            {
                var xcc = Combine(1 - psi, xbar, psi, worst);
                if (!Evaluate(xcc, out var fxcc)) return false;
                if (fxcc < fsim[n]) { sim[n] = xcc; fsim[n] = fxcc; shrink = false; }
                else shrink = true;
            }
            if (shrink)
            {
                for (int j = 1; j <= n; j++)
                {
                    var moved = new double[n];
                    for (int i = 0; i < n; i++) moved[i] = sim[0][i] + sigma * (sim[j][i] - sim[0][i]);
                    sim[j] = moved;
                    if (!Evaluate(moved, out var fm)) return false;
                    fsim[j] = fm;
                }
            }
            return true;
        }
    }

    // (ca * a) + (cb * b) elementwise, in the order numpy evaluates "(1 + rho) * xbar - rho * sim[-1]".
    private static double[] Combine(double ca, double[] a, double cb, double[] b)
    {
        var r = new double[a.Length];
        for (int i = 0; i < a.Length; i++) r[i] = ca * a[i] + cb * b[i];
        return r;
    }

    private static bool Converged(double[][] sim, double[] fsim, double xatol, double fatol)
    {
        double maxX = 0, maxF = 0;
        for (int j = 1; j < sim.Length; j++)
        {
            for (int i = 0; i < sim[0].Length; i++) maxX = Math.Max(maxX, Math.Abs(sim[j][i] - sim[0][i]));
            maxF = Math.Max(maxF, Math.Abs(fsim[0] - fsim[j]));
        }
        return maxX <= xatol && maxF <= fatol;
    }

    // np.argsort on N + 1 <= 16 values is an insertion sort, i.e. stable; so is this.
    private static void SortSimplex(double[][] sim, double[] fsim)
    {
        for (int i = 1; i < fsim.Length; i++)
        {
            double f = fsim[i];
            var x = sim[i];
            int j = i - 1;
            while (j >= 0 && fsim[j] > f)
            {
                fsim[j + 1] = fsim[j];
                sim[j + 1] = sim[j];
                j--;
            }
            fsim[j + 1] = f;
            sim[j + 1] = x;
        }
    }
}
