using System.Management.Automation;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Base for cmdlets that take files the way Get-FileHash does: -Path (wildcards, from the pipeline directly or by the
/// property names Path/FullName) and -LiteralPath (alias PSPath, so Get-ChildItem output binds). Resolution problems
/// become non-terminating errors naming the path, so the other files go on.
/// </summary>
public abstract class FileInputCmdlet : PSCmdlet
{
    /// <summary>
    /// Audio files to process. Wildcards are expanded. Accepts strings, FileInfo objects from Get-ChildItem, and any
    /// object with a Path or FullName property (such as recording segments and prediction results) from the pipeline.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Audio files to process, taken exactly as written (no wildcard expansion). Binds PSPath from the pipeline.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "LiteralPath", ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

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

            foreach (var file in resolved)
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
}
