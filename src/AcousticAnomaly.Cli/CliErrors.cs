using AcousticAnomaly.Archive;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.Cli;

/// <summary>Error text in the CLI's words: the core names the problem, the CLI says how to allow it (--force).</summary>
internal static class CliErrors
{
    public static string Describe(Exception e) =>
        e is TargetExistsException || (e is FlacArchiveException { Kind: FlacArchiveErrorKind.TargetExists } f && File.Exists(f.TargetPath))
            ? $"{e.Message}; use --force to replace it"
            : e.Message;
}
