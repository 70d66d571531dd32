using System.Diagnostics;
using AcousticAnomaly.Tests.Capture;

namespace AcousticAnomaly.Tests;

/// <summary>Runs the built CLI (copied into the test output) in a child process, as a user would.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => Run(StartInfo(null, args), args);

    /// <summary>With the virtual microphones' ALSA config in the child's environment.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(VirtualMicrophones mics, params string[] args) => Run(StartInfo(mics, args), args);

    private static (int ExitCode, string Stdout, string Stderr) Run(ProcessStartInfo psi, string[] args)
    {
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("acoustic-anomaly " + string.Join(' ', args) + " did not finish in 120 s.");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessStartInfo StartInfo(VirtualMicrophones? mics, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "acoustic-anomaly.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (mics is not null) psi.Environment["ALSA_CONFIG_PATH"] = mics.ConfigPath;
        return psi;
    }

    /// <summary>Splits simple CSV (every field quoted, no embedded newlines) into rows of fields.</summary>
    public static List<string[]> ParseCsv(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.TrimEnd('\r'))
        .Select(line => line.Substring(1, line.Length - 2).Split("\",\"").Select(f => f.Replace("\"\"", "\"")).ToArray())
        .ToList();

    /// <summary>The CSV header a CLI verb prints for a result record: its property names, as the cmdlet object has them.</summary>
    public static string[] HeaderOf<T>() => typeof(T).GetProperties().Select(p => p.Name).ToArray();
}
