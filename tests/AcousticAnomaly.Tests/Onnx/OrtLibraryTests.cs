using AcousticAnomaly.Onnx;
using Xunit;

namespace AcousticAnomaly.Tests.Onnx;

public class OrtLibraryTests
{
    [Fact]
    public void FirstCandidate_IsTheBundledLibraryBesideTheCoreAssembly()
    {
        var candidates = OrtLibrary.CandidatePaths();
        Assert.Equal("linux-x64", OrtLibrary.CurrentRid());
        var first = candidates[0];
        Assert.Equal(Path.Combine(Path.GetDirectoryName(typeof(OnnxSession).Assembly.Location)!, "runtimes", "linux-x64", "native", "libonnxruntime.so.1"), first);
        Assert.True(File.Exists(first), first);
        Assert.Equal(first, OrtLibrary.ResolvePath(null, candidates));
    }

    [Fact]
    public void ExplicitPath_WinsAndMustExist()
    {
        var real = OrtLibrary.CandidatePaths()[0];
        Assert.Equal(real, OrtLibrary.ResolvePath(real, ["/nonexistent/a.so"]));
        var ex = Assert.Throws<OnnxRuntimeException>(() => OrtLibrary.ResolvePath("/nonexistent/libonnxruntime.so.1", [real]));
        Assert.Contains(OrtLibrary.EnvironmentVariable, ex.Message);
        Assert.Contains("/nonexistent/libonnxruntime.so.1", ex.Message);
    }

    [Fact]
    public void NothingFound_ListsEveryPlaceLooked()
    {
        var ex = Assert.Throws<OnnxRuntimeException>(() => OrtLibrary.ResolvePath(null, ["/nowhere/one/libonnxruntime.so.1", "/nowhere/two/libonnxruntime.so.1"]));
        Assert.Contains("/nowhere/one/libonnxruntime.so.1", ex.Message);
        Assert.Contains("/nowhere/two/libonnxruntime.so.1", ex.Message);
        Assert.Contains(OrtLibrary.EnvironmentVariable, ex.Message);
    }
}
