using System.Management.Automation;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Base for cmdlets that take files the way Get-FileHash does: -Path (wildcards, from the pipeline directly or by the
/// property name Path) and -LiteralPath (alias PSPath, so Get-ChildItem output binds literally: a file named a[1].wav
/// is that file, not a pattern). A folder stands for the audio files in it, sorted by name (-Recurse: and in its
/// sub-folders). A wildcard that matches nothing is no error; a missing literal file is a non-terminating error naming
/// the path, so the other files go on.
/// </summary>
public abstract class FileInputCmdlet : PSCmdlet
{
    /// <summary>
    /// Audio files to process. Wildcards are expanded. Accepts strings and any object with a Path property (such as
    /// recording segments and prediction results) from the pipeline; Get-ChildItem output binds -LiteralPath instead.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Audio files to process, taken exactly as written (no wildcard expansion). Binds PSPath from the pipeline.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>A folder in -Path or -LiteralPath also means the audio files in its sub-folders.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>The files a folder stands for (WAV and FLAC; a cmdlet that reads only WAV narrows this).</summary>
    protected virtual string[] FolderFilePatterns { get; } = { "*.wav", "*.flac" };

    /// <summary>The file-system paths this record's -Path or -LiteralPath names; errors are written for the rest.</summary>
    protected IEnumerable<string> ResolveInputFiles()
    {
        bool literal = ParameterSetName == "LiteralPath";
        foreach (var p in literal ? LiteralPath : Path)
        {
            List<string> resolved = new();
            try
            {
                if (literal)
                {
                    resolved.Add(GetUnresolvedProviderPathFromPSPath(p));
                }
                else
                {
                    resolved.AddRange(GetResolvedProviderPathFromPSPath(p, out var provider)
                        .Where(_ => provider.Name == "FileSystem"));
                }
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, "FileNotFound", ErrorCategory.ObjectNotFound, p));
                continue;
            }

            foreach (var file in resolved.SelectMany(FilesIn))
            {
                if (!File.Exists(file))
                {
                    WriteError(new ErrorRecord(new FileNotFoundException($"{file}: file not found.", file),
                        "FileNotFound", ErrorCategory.ObjectNotFound, file));
                    continue;
                }
                yield return file;
            }
        }
    }

    /// <summary>A folder's audio files, sorted by path; anything else is returned as it is.</summary>
    private IEnumerable<string> FilesIn(string path)
    {
        if (!Directory.Exists(path)) return new[] { path };
        return FolderFilePatterns.SelectMany(p => Directory.EnumerateFiles(path, p, new EnumerationOptions
            {
                RecurseSubdirectories = Recurse.IsPresent,
                MatchCasing = MatchCasing.CaseInsensitive,
            }))
            .Distinct()
            .Order(StringComparer.Ordinal);
    }
}
