using AcousticAnomaly.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace AcousticAnomaly.Tests.Onnx;

/// <summary>Where the resolver looks for the package's native library (PowerShell does not probe runtimes/&lt;rid&gt;/native/).</summary>
public class OnnxRuntimeLibraryTests
{
    [Fact]
    public void FirstCandidate_IsThePackageLibraryBesideTheOnnxRuntimeAssembly()
    {
        var candidates = OnnxRuntimeLibrary.CandidatePaths();
        Assert.Equal("linux-x64", OnnxRuntimeLibrary.CurrentRid());
        var first = candidates[0];
        Assert.Equal(Path.Combine(Path.GetDirectoryName(typeof(InferenceSession).Assembly.Location)!, "runtimes", "linux-x64", "native", "libonnxruntime.so"), first);
        Assert.True(File.Exists(first), first);
        Assert.Equal(first, OnnxRuntimeLibrary.ResolvePath(null, candidates));
    }

    [Fact]
    public void ExplicitPath_WinsAndMustExist()
    {
        var real = OnnxRuntimeLibrary.CandidatePaths()[0];
        Assert.Equal(real, OnnxRuntimeLibrary.ResolvePath(real, ["/nonexistent/a.so"]));
        var ex = Assert.Throws<AcousticAnomaly.Onnx.OnnxRuntimeException>(() => OnnxRuntimeLibrary.ResolvePath("/nonexistent/libonnxruntime.so", [real]));
        Assert.Contains(OnnxRuntimeLibrary.EnvironmentVariable, ex.Message);
        Assert.Contains("/nonexistent/libonnxruntime.so", ex.Message);
    }

    [Fact]
    public void NothingFound_LeavesItToTheDefaultProbing()
    {
        Assert.Null(OnnxRuntimeLibrary.ResolvePath(null, ["/nowhere/one/libonnxruntime.so", "/nowhere/two/libonnxruntime.so"]));
    }

    [Fact]
    public void OrtErrors_KeepTheirCodeAndMessage()
    {
        // The package's exception type has no public constructor: get a real one from ONNX Runtime.
        var path = Path.Combine(OnnxTestSupport.NewTempDir(), "corrupt.onnx");
        File.WriteAllBytes(path, [0x0A, 0xFF, 0xFF, 0x01, 0x02, 0x03]);
        var inner = Assert.IsType<AcousticAnomaly.Onnx.OnnxRuntimeException>(Assert.Throws<OnnxModelException>(() => OnnxSession.Open(path)).InnerException);
        Assert.Equal(7, inner.ErrorCode);
        Assert.StartsWith("ONNX Runtime error 7 (InvalidProtobuf): ", inner.Message);
        Assert.DoesNotContain("[ErrorCode", inner.Message);
    }
}
