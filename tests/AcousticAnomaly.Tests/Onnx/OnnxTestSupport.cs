using System.Diagnostics;
using System.Text.Json;

namespace AcousticAnomaly.Tests.Onnx;

/// <summary>Shared helpers for the ONNX tests: fixture paths, temp folders and the official onnx checker (Python).</summary>
internal static class OnnxTestSupport
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", name);

    public static JsonElement Expected()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("expected.json")));
        return doc.RootElement.Clone();
    }

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "aa-onnx-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs onnx.checker.check_model(full_check=True) in Debian's Python; returns (exit code, stderr).</summary>
    public static (int ExitCode, string Error) RunOnnxChecker(string modelPath)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')");
        psi.ArgumentList.Add(modelPath);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, "onnx checker timed out");
        }
        return (p.ExitCode, stderr.Result + stdout.Result);
    }

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    public static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();
}
