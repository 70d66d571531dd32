using AcousticAnomaly.Models.Neural;
using Xunit;


namespace AcousticAnomaly.Tests.Models.Neural;

public class GemmTests
{
    private static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    // Sizes that exercise the 4x16 and 4x8 kernels, the 1-row and scalar-column remainders and several row chunks.
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(37, 19, 45)]
    [InlineData(70, 64, 8)]
    [InlineData(5, 3, 130)]
    public void MatchesNaiveProduct_PlainAndTransposedLeft(int m, int k, int n)
    {
        var a = Random(m * k, 1);      // A [m x k]
        var at = Random(k * m, 2);     // stored [k x m]; used as its transpose [m x k]
        var b = Random(k * n, 3);
        var start = Random(m * n, 4);
        foreach (var (left, rs, cs) in new[] { (a, k, 1), (at, 1, m) })
        {
            foreach (var accumulate in new[] { false, true })
            {
                var c = (float[])start.Clone();
                Gemm.Multiply(left, rs, cs, b, c, m, k, n, accumulate, new ParallelOptions { MaxDegreeOfParallelism = 2 });
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = accumulate ? start[i * n + j] : 0;
                        for (int p = 0; p < k; p++) s += (double)left[i * rs + p * cs] * b[p * n + j];
                        Assert.True(Math.Abs(s - c[i * n + j]) <= 1e-5 * (1 + k), $"({i},{j}) {s} vs {c[i * n + j]}");
                    }
            }
        }
    }

    [Fact]
    public void ResultDoesNotDependOnThreadCount()
    {
        int m = 203, k = 640, n = 128;
        var a = Random(m * k, 5);
        var b = Random(k * n, 6);
        var one = new float[m * n];
        var two = new float[m * n];
        Gemm.Multiply(a, k, 1, b, one, m, k, n, false, null);
        Gemm.Multiply(a, k, 1, b, two, m, k, n, false, new ParallelOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one, two);
    }
}
