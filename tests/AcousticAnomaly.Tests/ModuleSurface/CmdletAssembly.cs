using System.Reflection;
using System.Runtime.InteropServices;

namespace AcousticAnomaly.Tests.ModuleSurface;

/// <summary>
/// The built cmdlet assembly opened with MetadataLoadContext against PowerShell's reference assembly, so its attributes
/// can be read exactly as PowerShell will read them - without a PowerShell host.
/// </summary>
internal sealed class CmdletAssembly : IDisposable
{
    private readonly MetadataLoadContext _context;

    public CmdletAssembly()
    {
        var dir = AppContext.BaseDirectory;
        var paths = new List<string>
        {
            Path.Combine(dir, "AcousticAnomaly.PowerShell.dll"),
            Path.Combine(dir, "AcousticAnomaly.dll"),
            TestPaths.SmaReferencePath,
        };
        paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
        paths.AddRange(Directory.GetFiles(dir, "MathNet*.dll"));
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.OrdinalIgnoreCase)));
        Assembly = _context.LoadFromAssemblyPath(Path.Combine(dir, "AcousticAnomaly.PowerShell.dll"));
        Cmdlets = Assembly.GetTypes().Select(CmdletInfo.TryRead).OfType<CmdletInfo>().ToList();
    }

    public Assembly Assembly { get; }
    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public void Dispose() => _context.Dispose();
}

/// <summary>One cmdlet class as PowerShell sees it: its [Cmdlet], [OutputType], [Alias] and parameters.</summary>
internal sealed record CmdletInfo(Type Type, string Verb, string Noun, bool SupportsShouldProcess,
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
            .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(x => x.Value) : new[] { arg.Value })
            .OfType<Type>().ToList();
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ParameterInfoRecord.TryRead).OfType<ParameterInfoRecord>().ToList();
        return new CmdletInfo(type, verb, noun, shouldProcess, outputs, AliasesOf(type.GetCustomAttributesData()), parameters);
    }

    internal static IReadOnlyList<string> AliasesOf(IEnumerable<CustomAttributeData> attributes) => attributes
        .Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
        .SelectMany(a => a.ConstructorArguments)
        .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(x => (string)x.Value!) : new[] { (string)arg.Value! })
        .ToList();
}

/// <summary>A cmdlet parameter and how it binds from the pipeline.</summary>
internal sealed record ParameterInfoRecord(string Name, IReadOnlyList<string> Aliases, bool FromPipeline, bool FromPipelineByPropertyName)
{
    public static ParameterInfoRecord? TryRead(PropertyInfo property)
    {
        var attrs = property.GetCustomAttributesData();
        var parameterAttrs = attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute").ToList();
        if (parameterAttrs.Count == 0) return null;
        bool Named(string name) => parameterAttrs.Any(p => p.NamedArguments.Any(n => n.MemberName == name && (bool)n.TypedValue.Value!));
        return new ParameterInfoRecord(property.Name, CmdletInfo.AliasesOf(attrs), Named("ValueFromPipeline"), Named("ValueFromPipelineByPropertyName"));
    }
}
