using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using Xunit;

namespace AcousticAnomaly.Tests.Features;

public class ExtractionErrorTests
{
    [Fact]
    public void ATooShortClipBecomesAnErrorNamingTheFile()
    {
        var tooShort = Assert.Throws<ClipTooShortException>(() => new FeatureExtractor(new FeatureSettings()).Extract(new float[10]));
        var e = ExtractionError.ForFile("a.wav", tooShort);
        Assert.Equal("a.wav", e.FilePath);
        Assert.Same(tooShort, e.InnerException);
        Assert.Equal(tooShort.Message, e.Problem);
    }

    [Fact]
    public void AnErrorAlreadyNamingItsFileIsKept()
    {
        var named = new AudioFileException("b.wav", "file not found");
        Assert.Same(named, ExtractionError.ForFile("b.wav", named));
    }
}
