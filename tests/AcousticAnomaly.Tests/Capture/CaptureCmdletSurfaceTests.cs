using System.Reflection;
using System.Runtime.InteropServices;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

/// <summary>
/// The capture cmdlets' PowerShell surface, read from the built assembly's metadata (no PowerShell host here):
/// verbs and nouns, output types, completers and pipeline bindings.
/// </summary>
public sealed class CaptureCmdletSurfaceTests : IDisposable
{
    private readonly MetadataLoadContext _context;
    private readonly Assembly _cmdlets;

    public CaptureCmdletSurfaceTests()
    {
        var dir = AppContext.BaseDirectory;
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("System.Management.Automation", StringComparison.Ordinal))
            .Concat(new[]
            {
                Path.Combine(dir, "AcousticAnomaly.PowerShell.dll"),
                Path.Combine(dir, "AcousticAnomaly.dll"),
                Path.Combine(dir, "System.Management.Automation.dll"),
            });
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        _cmdlets = _context.LoadFromAssemblyPath(Path.Combine(dir, "AcousticAnomaly.PowerShell.dll"));
    }

    public void Dispose() => _context.Dispose();

    internal static CustomAttributeData Attr(MemberInfo m, string name) =>
        m.GetCustomAttributesData().Single(a => a.AttributeType.Name == name);

    internal static object? Named(CustomAttributeData a, string name) =>
        a.NamedArguments.Where(n => n.MemberName == name).Select(n => n.TypedValue.Value).FirstOrDefault();

    [Fact]
    public void GetAudioDeviceIsDeclaredWithItsOutputTypeAndCompleter()
    {
        var type = _cmdlets.GetType("AcousticAnomaly.PowerShell.GetAudioDeviceCommand", throwOnError: true)!;
        var cmdlet = Attr(type, "CmdletAttribute");
        Assert.Equal(new object[] { "Get", "AudioDevice" }, cmdlet.ConstructorArguments.Select(a => a.Value!));
        var output = Attr(type, "OutputTypeAttribute");
        Assert.Equal("AcousticAnomaly.Capture.AudioDeviceInfo",
            ((IEnumerable<CustomAttributeTypedArgument>)output.ConstructorArguments[0].Value!).Single().Value!.ToString());

        var name = type.GetProperty("Name")!;
        Assert.Equal("String[]", name.PropertyType.Name);
        Assert.Equal(true, Named(Attr(name, "ParameterAttribute"), "ValueFromPipelineByPropertyName"));
        Assert.Single(name.GetCustomAttributesData(), a => a.AttributeType.Name == "SupportsWildcardsAttribute");
        Assert.Equal("AcousticAnomaly.PowerShell.AudioDeviceNameCompleter",
            Attr(name, "ArgumentCompleterAttribute").ConstructorArguments[0].Value!.ToString());
    }

    [Fact]
    public void DeviceNameCompleterIsAnArgumentCompleter()
    {
        var type = _cmdlets.GetType("AcousticAnomaly.PowerShell.AudioDeviceNameCompleter", throwOnError: true)!;
        Assert.Contains(type.GetInterfaces(), i => i.FullName == "System.Management.Automation.IArgumentCompleter");
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
    }
}
