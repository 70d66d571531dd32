using System.Reflection;
using AcousticAnomaly.ModuleTools;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

/// <summary>
/// The capture cmdlets' PowerShell surface, read from the built assembly's metadata (no PowerShell host here):
/// verbs and nouns, output types, completers and pipeline bindings.
/// </summary>
public sealed class CaptureCmdletSurfaceTests : IDisposable
{
    private readonly CmdletAssembly _assembly = new(Path.Combine(AppContext.BaseDirectory, "AcousticAnomaly.PowerShell.dll"),
        TestPaths.SmaReferencePath);

    public void Dispose() => _assembly.Dispose();

    private CmdletInfo Cmdlet(string name) => _assembly.Cmdlets.Single(c => c.Name == name);

    private static string? CompleterOf(PropertyInfo p) => p.GetCustomAttributesData()
        .Where(a => a.AttributeType.Name == "ArgumentCompleterAttribute")
        .Select(a => a.ConstructorArguments[0].Value?.ToString()).SingleOrDefault();

    [Fact]
    public void GetAudioDeviceIsDeclaredWithItsOutputTypeAndCompleter()
    {
        var c = Cmdlet("Get-AudioDevice");
        Assert.Equal("AcousticAnomaly.Capture.AudioDeviceInfo", Assert.Single(c.OutputTypes).FullName);
        var name = Assert.Single(c.Parameters);
        Assert.Equal("Name", name.Name);
        Assert.Equal("String[]", name.TypeName);
        Assert.True(name.SupportsWildcards);
        Assert.True(name.FromPipelineByPropertyName);
        Assert.Equal("AcousticAnomaly.PowerShell.AudioDeviceNameCompleter", CompleterOf(name.Property));
    }

    [Fact]
    public void DeviceNameCompleterIsAnArgumentCompleter()
    {
        var type = _assembly.Assembly.GetType("AcousticAnomaly.PowerShell.AudioDeviceNameCompleter", throwOnError: true)!;
        Assert.Contains(type.GetInterfaces(), i => i.FullName == "System.Management.Automation.IArgumentCompleter");
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
    }
}
