using System.Text.RegularExpressions;
using Xunit;

namespace AcousticAnomaly.Tests.ModuleSurface;

/// <summary>
/// Defaults live in the core options records; the cmdlets and CLI verbs take them from there (issue 10). A default
/// typed again in an adapter drifts silently the day the record changes, so these tests read the adapters' source and
/// fail on any parameter or option default (or "default N" help text) spelled as a literal.
/// </summary>
public sealed class AdapterDefaultsTests
{
    private static readonly string CmdletSources = Path.Combine(TestPaths.RepoRoot, "src", "AcousticAnomaly.PowerShell");
    private static readonly string CliSources = Path.Combine(TestPaths.RepoRoot, "src", "AcousticAnomaly.Cli");

    // A number, a TimeSpan built from one, or an enum member spelled out: what a re-typed default looks like.
    private static readonly Regex Literal = new(@"(?<![\w.])-?\d|TimeSpan\.(From\w+|Zero)|\b(FeatureSet|RecordingFormat|FlacGroupBy|ThresholdMethod|CovarianceEstimator)\.\w+");

    // `public int X { get; set; } = ...;` on a cmdlet parameter property.
    private static readonly Regex PropertyInitializer = new(@"\{\s*get;\s*set;\s*\}\s*=\s*(?<value>[^;]+);");

    // System.CommandLine's `DefaultValueFactory = _ => ...`.
    private static readonly Regex OptionDefault = new(@"DefaultValueFactory\s*=\s*_\s*=>\s*(?<value>[^}]+?)\s*\}");

    // "(default 16000)" in a plain (not interpolated) string: help text repeating a number.
    private static readonly Regex DefaultInPlainText = new(@"(?<!\$)""[^""\n]*\bdefault:?\s+-?\d[^""\n]*""");

    [Fact]
    public void CmdletParameterDefaultsAreNotRetyped() => AssertNoRetypedDefaults(CmdletSources, PropertyInitializer, "cmdlet");

    [Fact]
    public void CliOptionDefaultsAreNotRetyped() => AssertNoRetypedDefaults(CliSources, OptionDefault, "CLI");

    private static void AssertNoRetypedDefaults(string folder, Regex declaration, string adapter)
    {
        var offenders = Sources(folder).SelectMany(f => Matches(f, declaration)).Where(m => Literal.IsMatch(m.Value)).ToList();
        Assert.True(offenders.Count == 0, $"{adapter} defaults re-typed (take them from the options record):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void CliHelpTextDoesNotRetypeDefaults()
    {
        var offenders = Sources(CliSources).SelectMany(f => File.ReadLines(f)
            .Select((line, i) => (line, i))
            .Where(x => DefaultInPlainText.IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(f)}:{x.i + 1}: {x.line.Trim()}")).ToList();
        Assert.True(offenders.Count == 0, "CLI help text repeats a default (interpolate it from the options record):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheScannerCatchesARetypedDefault()
    {
        // Guards the patterns themselves: each of these is the kind of line the tests above must reject.
        Assert.Matches(Literal, PropertyInitializer.Match("public int ClusterCount { get; set; } = 8;").Groups["value"].Value);
        Assert.Matches(Literal, PropertyInitializer.Match("public TimeSpan Hop { get; set; } = TimeSpan.FromSeconds(1);").Groups["value"].Value);
        Assert.Matches(Literal, OptionDefault.Match("new Option<int>(\"--trees\") { DefaultValueFactory = _ => 100 };").Groups["value"].Value);
        Assert.Matches(DefaultInPlainText, "Description = \"Frames per second (default 16000).\"");
        Assert.DoesNotMatch(Literal, PropertyInitializer.Match("public int ClusterCount { get; set; } = Defaults.ClusterCount;").Groups["value"].Value);
        Assert.DoesNotMatch(DefaultInPlainText, "Description = $\"Frames per second (default {d.SampleRate}).\"");
    }

    private static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static IEnumerable<Offender> Matches(string file, Regex pattern) =>
        pattern.Matches(File.ReadAllText(file)).Select(m => new Offender(m.Groups["value"].Value, $"{Path.GetFileName(file)}: {m.Value}"));

    private sealed record Offender(string Value, string Where)
    {
        public override string ToString() => Where;
    }
}
