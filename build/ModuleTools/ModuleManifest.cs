using System.Text.RegularExpressions;

namespace AcousticAnomaly.ModuleTools;

/// <summary>The few manifest (psd1) fields the surface tests check, read with simple patterns (no PowerShell here).</summary>
public sealed record ModuleManifest(string Text)
{
    public static ModuleManifest Load(string repoRoot) => new(File.ReadAllText(Path.Combine(repoRoot, "AcousticAnomaly.psd1")));

    public IReadOnlyList<string> CmdletsToExport => ListValue("CmdletsToExport");
    public IReadOnlyList<string> AliasesToExport => ListValue("AliasesToExport");
    public IReadOnlyList<string> FormatsToProcess => ListValue("FormatsToProcess");
    public IReadOnlyList<string> CompatiblePSEditions => ListValue("CompatiblePSEditions");
    public string? PowerShellVersion => Regex.Match(Text, @"PowerShellVersion\s*=\s*'([^']*)'") is { Success: true } m ? m.Groups[1].Value : null;
    public string? RootModule => Regex.Match(Text, @"RootModule\s*=\s*'([^']*)'") is { Success: true } m ? m.Groups[1].Value : null;

    private IReadOnlyList<string> ListValue(string key)
    {
        var m = Regex.Match(Text, key + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline);
        if (!m.Success) throw new InvalidOperationException($"manifest has no {key} = @(...)");
        var body = Regex.Replace(m.Groups[1].Value, "#.*", "");
        return Regex.Matches(body, "'([^']*)'").Select(x => x.Groups[1].Value).ToList();
    }
}
