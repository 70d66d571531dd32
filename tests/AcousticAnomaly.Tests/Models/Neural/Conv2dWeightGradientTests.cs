using AcousticAnomaly.Models.Neural;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Neural;

/// <summary>
/// The convolution's weight gradient over more output positions than one reduction slice
/// (<see cref="Conv2dLayer.GradientRowChunk"/>): equal to a double-precision sum, and bit-identical whether the slices
/// run on one thread or several.
/// </summary>
public sealed class Conv2dWeightGradientTests
{
    [Fact]
    public void SlicedWeightGradientIsExactAndIndependentOfThreads()
    {
        const int H = 20, W = 20, Cin = 2, Cout = 4, Batch = 8; // 3,200 output positions: two slices
        Assert.True(Batch * H * W > Conv2dLayer.GradientRowChunk);
        var rng = new Random(4);
        var x = Enumerable.Range(0, Batch * H * W * Cin).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var dy = Enumerable.Range(0, Batch * H * W * Cout).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

        float[] Gradient(ParallelOptions? parallel)
        {
            var layer = new Conv2dLayer(H, W, Cin, Cout, 3, 3, 1, 1) { Parallel = parallel };
            var y = new float[Batch * layer.OutputSize];
            layer.Forward(x, y, Batch, training: true);
            layer.Backward(x, y, dy, new float[x.Length], Batch, inputGradient: true);
            return (float[])layer.Weight.Gradient.Clone();
        }

        var single = Gradient(null);
        var parallel = Gradient(new ParallelOptions { MaxDegreeOfParallelism = 4 });
        Assert.Equal(single, parallel);

        // dW[(ky*3 + kx)*Cin + c][o] = sum over b, oy, ox of x[b, oy+ky-1, ox+kx-1, c] * dy[b, oy, ox, o] (zero padding).
        for (int ky = 0; ky < 3; ky++)
            for (int kx = 0; kx < 3; kx++)
                for (int c = 0; c < Cin; c++)
                    for (int o = 0; o < Cout; o++)
                    {
                        double sum = 0;
                        for (int b = 0; b < Batch; b++)
                            for (int oy = 0; oy < H; oy++)
                                for (int ox = 0; ox < W; ox++)
                                {
                                    int iy = oy + ky - 1, ix = ox + kx - 1;
                                    if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                                    sum += (double)x[((b * H + iy) * W + ix) * Cin + c] * dy[((b * H + oy) * W + ox) * Cout + o];
                                }
                        float got = single[((ky * 3 + kx) * Cin + c) * Cout + o];
                        Assert.True(Math.Abs(got - sum) < 1e-4 * Math.Max(1, Math.Abs(sum)), $"dW[{ky},{kx},{c},{o}] {got} vs {sum}");
                    }
    }
}
