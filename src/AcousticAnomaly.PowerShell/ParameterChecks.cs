using System.Management.Automation;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Checks and error records the cmdlets share, so a bad argument is an argument error naming the caller's parameter
/// and value (not a model or I/O failure found later), and messages speak PowerShell (-Force, not --force).
/// </summary>
internal static class ParameterChecks
{
    /// <summary>Stops with an argument error when a given duration is zero or negative.</summary>
    public static void RequirePositive(this PSCmdlet cmdlet, params (string Name, TimeSpan? Value)[] durations)
    {
        foreach (var (name, value) in durations)
        {
            if (value is { } t && t <= TimeSpan.Zero)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-{name} must be positive (got {t.TotalSeconds:0.###} s)."),
                    "DurationNotPositive", ErrorCategory.InvalidArgument, value));
            }
        }
    }

    /// <summary>Resolves an -OutputDirectory; one that names an existing file stops the command, naming that path.</summary>
    public static string? ResolveOutputDirectory(this PSCmdlet cmdlet, string? directory, string parameter = "OutputDirectory")
    {
        if (directory is null) return null;
        var path = cmdlet.GetUnresolvedProviderPathFromPSPath(directory);
        if (File.Exists(path))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-{parameter} {path} is a file, not a folder."),
                "OutputDirectoryIsFile", ErrorCategory.InvalidArgument, path));
        }
        return path;
    }

    /// <summary>An existing target the caller did not allow to be replaced, in PowerShell's words.</summary>
    public static ErrorRecord TargetExists(Exception e, string errorId, string path) =>
        new(e, errorId, ErrorCategory.ResourceExists, path) { ErrorDetails = new ErrorDetails($"{e.Message}; use -Force to replace it.") };
}
