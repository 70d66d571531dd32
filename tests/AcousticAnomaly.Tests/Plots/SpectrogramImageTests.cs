using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Plots;
using Xunit;

namespace AcousticAnomaly.Tests.Plots;

public class SpectrogramImageTests
{
    // Loud lowest mel bin, everything else 100 dB quieter (beyond the 80 dB range, so clamped to the floor).
    private static float[][] LoudBottomBin(int frames, int mels)
    {
        var m = new float[frames][];
        for (int t = 0; t < frames; t++)
        {
            m[t] = new float[mels];
            for (int b = 0; b < mels; b++) m[t][b] = b == 0 ? -10f : -110f;
        }
        return m;
    }

    [Fact]
    public void LowFrequenciesAreAtTheBottomInViridis()
    {
        var image = SpectrogramImage.Render(LoudBottomBin(frames: 7, mels: 4));
        Assert.Equal(7, image.Width);
        Assert.Equal(4, image.Height);
        Assert.Equal(((byte)253, (byte)231, (byte)37), image[3, 3]); // viridis top: yellow, bottom row
        Assert.Equal(((byte)68, (byte)1, (byte)84), image[3, 0]);    // viridis bottom: dark purple, top row
    }

    [Fact]
    public void MidRangeValueGetsTheMiddleColour()
    {
        // max 0 dB, floor -80 dB: -40 dB is t = 0.5 -> entry round(127.5) = 128 = (33, 145, 140).
        var m = new[] { new float[] { -40f, 0f } };
        var image = SpectrogramImage.Render(m);
        Assert.Equal(((byte)33, (byte)145, (byte)140), image[0, 1]);
    }

    [Fact]
    public void RendererPngDecodesWithScaledDimensions()
    {
        var renderer = new SpectrogramRenderer(new SpectrogramRenderOptions(PixelsPerFrame: 2, PixelsPerBin: 3));
        var png = renderer.RenderPng(LoudBottomBin(frames: 10, mels: 5));
        var decoded = MiniPngDecoder.Decode(png);
        Assert.Equal(20, decoded.Width);
        Assert.Equal(15, decoded.Height);
        int bottomLeft = 3 * (14 * 20);
        Assert.Equal(new byte[] { 253, 231, 37 }, decoded.Rgb[bottomLeft..(bottomLeft + 3)]);
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", renderer.RenderDataUri(LoudBottomBin(2, 2)));
    }

    [Fact]
    public void RaggedMatrixIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => SpectrogramImage.Render(new[] { new float[3], new float[2] }));
        Assert.Contains("Frame 1 has 2 bins", e.Message);
    }
}
