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

    [Fact]
    public void StartAudioRecordingTakesDevicesFromGetAudioDeviceAndSupportsWhatIf()
    {
        var c = Cmdlet("Start-AudioRecording");
        Assert.Equal("Start", c.Verb);
        Assert.True(c.SupportsShouldProcess);
        // Segments on the pipeline; with -AsJob the job (declared as Job so the standard job table shows it).
        Assert.Equal(new[] { "AcousticAnomaly.Recording.RecordingSegment", "System.Management.Automation.Job" },
            c.OutputTypes.Select(t => t.FullName).ToArray());
        var device = c.Parameters.Single(p => p.Name == "Device" && p.ParameterSetName == "Device");
        // With -Listen, devices are optional (network senders only, or both).
        Assert.False(c.Parameters.Single(p => p.Name == "Device" && p.ParameterSetName == "Listen").Mandatory);
        Assert.True(c.Parameters.Single(p => p.Name == "Listen").Mandatory);
        Assert.True(device.Mandatory);
        Assert.True(device.FromPipelineByPropertyName);
        Assert.Contains("Name", device.Aliases);
        Assert.Equal("AcousticAnomaly.PowerShell.AudioDeviceNameCompleter", CompleterOf(device.Property));
        Assert.True(c.Parameters.Single(p => p.Name == "Index").FromPipelineByPropertyName);
        // Everything Get-AudioDevice emits that Start-AudioRecording binds is a real property of AudioDeviceInfo.
        var emitted = Cmdlet("Get-AudioDevice").OutputTypes.Single().GetProperties().Select(p => p.Name).ToHashSet();
        Assert.All(c.Parameters.Where(p => p.FromPipelineByPropertyName),
            p => Assert.True(p.Aliases.Prepend(p.Name).Any(emitted.Contains), p.Name));
        Assert.Equal(new[] { "Duration", "SegmentDuration", "ClipDuration", "MinimumDuration" },
            c.Parameters.Where(p => p.Property.PropertyType.Name.Contains("TimeSpan") || p.Property.PropertyType.ToString().Contains("TimeSpan"))
                .Select(p => p.Name));
    }
}
