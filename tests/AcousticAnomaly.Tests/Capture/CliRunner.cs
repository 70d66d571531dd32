using System.Diagnostics;

namespace AcousticAnomaly.Tests.Capture;

/// <summary>Runs the built CLI (copied into the test output) in a child process with the virtual microphones' ALSA config.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(VirtualMicrophones mics, params string[] args)
    {
        using var p = Process.Start(StartInfo(mics, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("acoustic-anomaly " + string.Join(' ', args) + " did not finish in 120 s.");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessStartInfo StartInfo(VirtualMicrophones mics, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "acoustic-anomaly.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ALSA_CONFIG_PATH"] = mics.ConfigPath;
        return psi;
    }

    /// <summary>Splits simple CSV (every field quoted, no embedded newlines) into rows of fields.</summary>
    public static List<string[]> ParseCsv(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.TrimEnd('\r'))
        .Select(line => line.Substring(1, line.Length - 2).Split("\",\"").Select(f => f.Replace("\"\"", "\"")).ToArray())
        .ToList();
}
