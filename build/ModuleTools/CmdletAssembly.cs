using System.Reflection;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.ModuleTools;

/// <summary>
/// A built cmdlet assembly opened with MetadataLoadContext against PowerShell's reference assembly, so its attributes
/// are read exactly as PowerShell will read them - without a PowerShell host. Used by the help generator and by the
/// module-surface tests.
/// </summary>
public sealed class CmdletAssembly : IDisposable
{
    private readonly MetadataLoadContext _context;

    public CmdletAssembly(string cmdletAssemblyPath, string smaReferencePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(cmdletAssemblyPath))!;
        var paths = new List<string> { cmdletAssemblyPath, smaReferencePath };
        paths.AddRange(Directory.GetFiles(dir, "*.dll").Where(f => !f.EndsWith("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase)));
        paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
        var byName = paths.GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        _context = new MetadataLoadContext(new PathAssemblyResolver(byName));
        Assembly = _context.LoadFromAssemblyPath(cmdletAssemblyPath);
        Cmdlets = Assembly.GetTypes().Select(CmdletInfo.TryRead).OfType<CmdletInfo>().OrderBy(c => c.Name).ToList();
    }

    public Assembly Assembly { get; }
    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public void Dispose() => _context.Dispose();
}

/// <summary>One cmdlet class as PowerShell sees it: its [Cmdlet], [OutputType], [Alias] and parameters.</summary>
public sealed record CmdletInfo(Type Type, string Verb, string Noun, bool SupportsShouldProcess,
    IReadOnlyList<Type> OutputTypes, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterInfoRecord> Parameters)
{
    public string Name => $"{Verb}-{Noun}";

    public static CmdletInfo? TryRead(Type type)
    {
        var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
        if (cmdlet is null || type.IsAbstract) return null;
        var verb = (string)cmdlet.ConstructorArguments[0].Value!;
        var noun = (string)cmdlet.ConstructorArguments[1].Value!;
        var shouldProcess = cmdlet.NamedArguments.Any(n => n.MemberName == "SupportsShouldProcess" && (bool)n.TypedValue.Value!);
        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments)
            .SelectMany(Values).OfType<Type>().ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(ParameterInfoRecord.Read).ToList();
        return new CmdletInfo(type, verb, noun, shouldProcess, outputs, AliasesOf(type.GetCustomAttributesData()), parameters);
    }

    public IEnumerable<string> ParameterSets =>
        Parameters.Select(p => p.ParameterSetName).Where(s => s != AllSets).Distinct().DefaultIfEmpty(AllSets);

    public const string AllSets = "__AllParameterSets";

    internal static IEnumerable<object?> Values(CustomAttributeTypedArgument arg) =>
        arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(x => x.Value) : new[] { arg.Value };

    internal static IReadOnlyList<string> AliasesOf(IEnumerable<CustomAttributeData> attributes) => attributes
        .Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
        .SelectMany(a => a.ConstructorArguments).SelectMany(Values).OfType<string>().ToList();
}

/// <summary>A cmdlet parameter in one parameter set, and how it binds.</summary>
public sealed record ParameterInfoRecord(PropertyInfo Property, string ParameterSetName, IReadOnlyList<string> Aliases,
    bool Mandatory, int? Position, bool FromPipeline, bool FromPipelineByPropertyName, bool SupportsWildcards)
{
    public string Name => Property.Name;
    public string TypeName => Property.PropertyType.Name == "SwitchParameter" ? "SwitchParameter" : Property.PropertyType.Name;

    /// <summary>One record per [Parameter] attribute (a parameter may appear in several sets).</summary>
    public static IEnumerable<ParameterInfoRecord> Read(PropertyInfo property)
    {
        var attrs = property.GetCustomAttributesData();
        var aliases = CmdletInfo.AliasesOf(attrs);
        var wildcards = attrs.Any(a => a.AttributeType.FullName == "System.Management.Automation.SupportsWildcardsAttribute");
        foreach (var p in attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute"))
        {
            T Named<T>(string name, T fallback) =>
                p.NamedArguments.Where(n => n.MemberName == name).Select(n => (T)n.TypedValue.Value!).DefaultIfEmpty(fallback).First();
            var position = Named("Position", int.MinValue);
            yield return new ParameterInfoRecord(property, Named("ParameterSetName", CmdletInfo.AllSets), aliases,
                Named("Mandatory", false), position == int.MinValue ? null : position,
                Named("ValueFromPipeline", false), Named("ValueFromPipelineByPropertyName", false), wildcards);
        }
    }
}
