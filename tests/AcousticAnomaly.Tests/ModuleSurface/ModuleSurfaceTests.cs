using System.Xml.Linq;
using AcousticAnomaly.ModuleTools;
using Xunit;

namespace AcousticAnomaly.Tests.ModuleSurface;

/// <summary>
/// The module's public surface, read from the built assembly and the manifest: what PowerShell users will see.
/// These catch a cmdlet that is not exported, an unapproved verb, a missing [OutputType], or a pipeline binding that
/// names a property no upstream object has (so the cmdlets would not pipe into each other).
/// </summary>
public sealed class ModuleSurfaceTests : IDisposable
{
    private static readonly string CmdletDll = Path.Combine(AppContext.BaseDirectory, "AcousticAnomaly.PowerShell.dll");
    private readonly CmdletAssembly _assembly = new(CmdletDll, TestPaths.SmaReferencePath);
    private readonly ModuleManifest _manifest = ModuleManifest.Load(TestPaths.RepoRoot);

    public void Dispose() => _assembly.Dispose();

    [Fact]
    public void ManifestDeclaresCoreEditionAndPowerShell74()
    {
        Assert.Equal(new[] { "Core" }, _manifest.CompatiblePSEditions);
        Assert.Equal("7.4", _manifest.PowerShellVersion);
        Assert.Equal("AcousticAnomaly.PowerShell.dll", _manifest.RootModule);
    }

    [Fact]
    public void ManifestExportsByNameNotWildcard()
    {
        Assert.NotEmpty(_manifest.CmdletsToExport);
        Assert.All(_manifest.CmdletsToExport.Concat(_manifest.AliasesToExport), n => Assert.DoesNotContain("*", n));
    }

    [Fact]
    public void EveryExportedCmdletExistsAndEveryCmdletIsExported()
    {
        var built = _assembly.Cmdlets.Select(c => c.Name).OrderBy(n => n).ToList();
        Assert.Equal(_manifest.CmdletsToExport.OrderBy(n => n).ToList(), built);
    }

    [Fact]
    public void EveryCmdletUsesAnApprovedVerbAndASingularNoun()
    {
        Assert.All(_assembly.Cmdlets, c =>
        {
            Assert.True(ApprovedVerbs.All.Contains(c.Verb), $"{c.Name}: '{c.Verb}' is not an approved verb");
            Assert.False(c.Noun.EndsWith("s", StringComparison.Ordinal), $"{c.Name}: nouns are singular");
        });
    }

    [Fact]
    public void EveryCmdletDeclaresOutputType()
    {
        Assert.All(_assembly.Cmdlets, c => Assert.True(c.OutputTypes.Count > 0, $"{c.Name} has no [OutputType]"));
    }

    [Fact]
    public void EveryCmdletAliasIsExported()
    {
        var aliases = _assembly.Cmdlets.SelectMany(c => c.Aliases).OrderBy(a => a).ToList();
        Assert.Equal(_manifest.AliasesToExport.OrderBy(a => a).ToList(), aliases);
    }

    [Fact]
    public void EveryByPropertyNameParameterMatchesAnUpstreamProperty()
    {
        // What can arrive on the pipeline: our own output objects and the files Get-ChildItem emits.
        var upstream = _assembly.Cmdlets.SelectMany(c => c.OutputTypes)
            .SelectMany(t => t.GetProperties().Select(p => p.Name))
            .Concat(typeof(FileInfo).GetProperties().Select(p => p.Name))
            .Append("PSPath") // PowerShell's provider adds PSPath to every file-system object
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unmatched = _assembly.Cmdlets
            .SelectMany(c => c.Parameters.Where(p => p.FromPipelineByPropertyName)
                .Where(p => !p.Aliases.Prepend(p.Name).Any(upstream.Contains))
                .Select(p => $"{c.Name} -{p.Name}"))
            .ToList();
        Assert.True(unmatched.Count == 0, "no upstream property for: " + string.Join(", ", unmatched));
    }

    [Fact]
    public void CmdletsThatWriteFilesSupportShouldProcess()
    {
        var writers = new[] { "ConvertTo", "New", "Start", "Export" };
        Assert.All(_assembly.Cmdlets.Where(c => writers.Contains(c.Verb)),
            c => Assert.True(c.SupportsShouldProcess, $"{c.Name} changes files but has no -WhatIf/-Confirm"));
    }

    [Fact]
    public void FormatFileViewsNameRealOutputTypes()
    {
        var format = Path.Combine(TestPaths.RepoRoot, "src", "AcousticAnomaly.PowerShell", _manifest.FormatsToProcess.Single());
        var names = XDocument.Load(format).Descendants("TypeName").Select(e => e.Value.Trim()).ToList();
        var outputTypes = _assembly.Cmdlets.SelectMany(c => c.OutputTypes).Select(t => t.FullName)
            .Where(n => n!.StartsWith("AcousticAnomaly.", StringComparison.Ordinal)).ToHashSet();
        Assert.All(names, n => Assert.Contains(n, outputTypes));
        // Every type of ours that a cmdlet emits gets a readable table.
        Assert.All(outputTypes, t => Assert.Contains(t, names));
    }

    [Fact]
    public void EveryCmdletAndParameterHasHelp()
    {
        var docs = new XmlDocs(Path.ChangeExtension(CmdletDll, ".xml"));
        Assert.Empty(MamlHelpWriter.MissingDocs(_assembly, docs));
    }

    [Fact]
    public void MamlHelpListsEveryCmdletWithItsParameters()
    {
        var docs = new XmlDocs(Path.ChangeExtension(CmdletDll, ".xml"));
        var maml = MamlHelpWriter.Build(_assembly, docs);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml2 = "http://schemas.microsoft.com/maml/2004/10";
        var commands = maml.Descendants(command + "command").ToList();
        Assert.Equal(_assembly.Cmdlets.Select(c => c.Name), commands.Select(c => c.Element(command + "details")!.Element(command + "name")!.Value));
        foreach (var (cmdlet, element) in _assembly.Cmdlets.Zip(commands))
        {
            var documented = element.Element(command + "parameters")!.Elements(command + "parameter")
                .Select(p => p.Element(maml2 + "name")!.Value).ToHashSet();
            Assert.All(cmdlet.Parameters, p => Assert.Contains(p.Name, documented));
        }
    }
}
