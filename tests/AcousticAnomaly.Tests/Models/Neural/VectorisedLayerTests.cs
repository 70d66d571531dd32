using AcousticAnomaly.Models.Neural;
using Xunit;

namespace AcousticAnomaly.Tests.Models.Neural;

/// <summary>
/// The SIMD paths of batch norm, pooling and ReLU (channel counts that are multiples of the vector width, which the
/// PyTorch fixtures with 2-5 channels do not reach) against plain per-value loops written the way the layers were
/// before vectorisation: results must be bit-identical, on one thread and on two.
/// </summary>
public sealed class VectorisedLayerTests
{
    private const int Channels = 16, Positions = 6 * 5, Batch = 3;

    private static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    private static ParallelOptions? Threads(int threads) => threads == 1 ? null : new ParallelOptions { MaxDegreeOfParallelism = threads };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BatchNormEqualsPerValueLoops(int threads)
    {
        // Large enough (> 2^15 values) for the parallel channel groups.
        const int size = Positions * Channels * 23, batch = 4;
        int total = batch * size, count = total / Channels;
        var bn = new BatchNormLayer(size, Channels) { Parallel = Threads(threads) };
        var x = Random(total, 1);
        var dy = Random(total, 2);
        for (int c = 0; c < Channels; c++)
        {
            bn.Gamma.Value[c] = 0.5f + c / 16f;
            bn.Beta.Value[c] = c / 32f - 0.25f;
        }
        var y = new float[total];
        var dx = new float[total];
        bn.Forward(x, y, batch, training: true);
        bn.Backward(x, y, dy, dx, batch, inputGradient: true);

        var sum = new double[Channels];
        var sq = new double[Channels];
        var mean = new float[Channels];
        var inv = new float[Channels];
        var runMean = new float[Channels];
        var runVar = Enumerable.Repeat(1f, Channels).ToArray();
        var xhat = new float[total];
        for (int i = 0; i < total; i += Channels)
            for (int c = 0; c < Channels; c++) sum[c] += x[i + c];
        for (int c = 0; c < Channels; c++) sum[c] /= count;
        for (int i = 0; i < total; i += Channels)
            for (int c = 0; c < Channels; c++)
            {
                double d = x[i + c] - sum[c];
                sq[c] += d * d;
            }
        float m = 0.1f;
        for (int c = 0; c < Channels; c++)
        {
            mean[c] = (float)sum[c];
            inv[c] = (float)(1.0 / Math.Sqrt(sq[c] / count + 1e-5));
            runMean[c] = (1f - m) * runMean[c] + m * (float)sum[c];
            runVar[c] = (1f - m) * runVar[c] + m * (float)(sq[c] / (count - 1));
        }
        var expectedY = new float[total];
        for (int i = 0; i < total; i += Channels)
            for (int c = 0; c < Channels; c++)
            {
                xhat[i + c] = (x[i + c] - mean[c]) * inv[c];
                expectedY[i + c] = bn.Gamma.Value[c] * xhat[i + c] + bn.Beta.Value[c];
            }
        Assert.Equal(expectedY, y);
        Assert.Equal(runMean, bn.RunningMean);
        Assert.Equal(runVar, bn.RunningVariance);

        Array.Clear(sum);
        Array.Clear(sq);
        for (int i = 0; i < total; i += Channels)
            for (int c = 0; c < Channels; c++)
            {
                sum[c] += dy[i + c];
                sq[c] += dy[i + c] * xhat[i + c];
            }
        Assert.Equal(sum.Select(v => (float)v), bn.Beta.Gradient);
        Assert.Equal(sq.Select(v => (float)v), bn.Gamma.Gradient);
        var expectedDx = new float[total];
        for (int i = 0; i < total; i += Channels)
            for (int c = 0; c < Channels; c++)
                expectedDx[i + c] = bn.Gamma.Value[c] * inv[c] * (dy[i + c] - (float)(sum[c] / count) - xhat[i + c] * (float)(sq[c] / count));
        Assert.Equal(expectedDx, dx);

        bn.Forward(x, y, batch, training: false);
        for (int i = 0; i < total; i += Channels)
            for (int c = 0; c < Channels; c++)
            {
                float invRun = (float)(1.0 / Math.Sqrt(runVar[c] + 1e-5));
                Assert.Equal(bn.Gamma.Value[c] * (x[i + c] - runMean[c]) * invRun + bn.Beta.Value[c], y[i + c]);
            }
    }

    [Theory]
    [InlineData(PoolMode.Max, 1)]
    [InlineData(PoolMode.Max, 2)]
    [InlineData(PoolMode.Average, 1)]
    [InlineData(PoolMode.Average, 2)]
    public void PoolingEqualsPerValueLoops(PoolMode mode, int threads)
    {
        const int h = 6, w = 5, kh = 2, kw = 2, oh = h / kh, ow = w / kw;
        var pool = new PoolLayer(mode, h, w, Channels, kh, kw) { Parallel = Threads(threads) };
        var x = Random(Batch * pool.InputSize, 3);
        x[7] = float.NaN;
        x[Channels * w + 9] = x[9];   // a tie: the first maximum wins
        var dy = Random(Batch * pool.OutputSize, 4);
        var y = new float[Batch * pool.OutputSize];
        var dx = new float[Batch * pool.InputSize];
        pool.Forward(x, y, Batch, training: true);
        pool.Backward(x, y, dy, dx, Batch, inputGradient: true);

        var expectedY = new float[y.Length];
        var expectedDx = new float[dx.Length];
        for (int b = 0; b < Batch; b++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int c = 0; c < Channels; c++)
                    {
                        int o = b * pool.OutputSize + (oy * ow + ox) * Channels + c;
                        float best = float.NegativeInfinity, sum = 0;
                        int bestAt = -1;
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++)
                            {
                                int i = b * pool.InputSize + ((oy * kh + ky) * w + ox * kw + kx) * Channels + c;
                                sum += x[i];
                                if (x[i] > best || float.IsNaN(x[i]) || bestAt < 0) { best = x[i]; bestAt = i; }
                            }
                        if (mode == PoolMode.Max)
                        {
                            expectedY[o] = best;
                            expectedDx[bestAt] += dy[o];
                        }
                        else
                        {
                            expectedY[o] = sum * (1f / (kh * kw));
                            for (int ky = 0; ky < kh; ky++)
                                for (int kx = 0; kx < kw; kx++)
                                    expectedDx[b * pool.InputSize + ((oy * kh + ky) * w + ox * kw + kx) * Channels + c] += dy[o] * (1f / (kh * kw));
                        }
                    }
        Assert.Equal(expectedY, y);
        Assert.Equal(expectedDx, dx);
    }

    [Fact]
    public void ReluEqualsComparison()
    {
        const int n = 1 << 17;   // two parallel chunks and a scalar tail after the vectors
        var relu = new ReluLayer(n + 3) { Parallel = Threads(2) };
        var x = Random(n + 3, 5);
        x[1] = float.NaN;
        x[2] = -0f;
        var y = new float[n + 3];
        relu.Forward(x, y, 1, training: true);
        Assert.Equal(x.Select(v => v > 0f ? v : 0f), y);
        Assert.Equal(0, BitConverter.SingleToInt32Bits(y[2]));
        var dy = Random(n + 3, 6);
        var dx = new float[n + 3];
        relu.Backward(x, y, dy, dx, 1, inputGradient: true);
        Assert.Equal(y.Zip(dy, (a, g) => a > 0f ? g : 0f), dx);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ConvolutionDoesNotDependOnThreads(int inChannels)
    {
        // 16 samples of 40 x 30: several per-sample pieces and weight-gradient slices.
        const int batch = 16;
        Conv2dLayer Make(int threads)
        {
            var conv = new Conv2dLayer(40, 30, inChannels, 16, 3, 3, 1, 1) { Parallel = Threads(threads) };
            Random(conv.Weight.Value.Length, 7).CopyTo(conv.Weight.Value, 0);
            Random(16, 8).CopyTo(conv.Bias.Value, 0);
            return conv;
        }
        var one = Make(1);
        var two = Make(2);
        var x = Random(batch * one.InputSize, 9);
        var dy = Random(batch * one.OutputSize, 10);
        (float[] Y, float[] Dx) Run(Conv2dLayer conv)
        {
            var y = new float[batch * conv.OutputSize];
            var dx = new float[batch * conv.InputSize];
            conv.Forward(x, y, batch, training: true);
            conv.Backward(x, y, dy, dx, batch, inputGradient: true);
            return (y, dx);
        }
        var a = Run(one);
        var b = Run(two);
        Assert.Equal(a.Y, b.Y);
        Assert.Equal(a.Dx, b.Dx);
        Assert.Equal(one.Weight.Gradient, two.Weight.Gradient);
        Assert.Equal(one.Bias.Gradient, two.Bias.Gradient);
    }
}
