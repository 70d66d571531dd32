using System.Reflection;
using AcousticAnomaly.ModuleTools;
using Xunit;

namespace AcousticAnomaly.Tests.Streaming;

/// <summary>Watch-AnomalyStream's PowerShell surface, read from the built assembly's metadata (no PowerShell host here).</summary>
public sealed class WatchCmdletSurfaceTests : IDisposable
{
    private readonly CmdletAssembly _assembly = new(Path.Combine(AppContext.BaseDirectory, "AcousticAnomaly.PowerShell.dll"),
        TestPaths.SmaReferencePath);

    public void Dispose() => _assembly.Dispose();

    private static string? CompleterOf(PropertyInfo p) => p.GetCustomAttributesData()
        .Where(a => a.AttributeType.Name == "ArgumentCompleterAttribute")
        .Select(a => a.ConstructorArguments[0].Value?.ToString()).SingleOrDefault();

    private static bool HasSeconds(PropertyInfo p) => p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "SecondsTransformationAttribute");

    [Fact]
    public void WatchAnomalyStreamTakesDevicesFromGetAudioDeviceAndSupportsWhatIf()
    {
        var c = _assembly.Cmdlets.Single(x => x.Name == "Watch-AnomalyStream");
        Assert.True(c.SupportsShouldProcess);
        Assert.Equal("AcousticAnomaly.Streaming.WatchResult", Assert.Single(c.OutputTypes).FullName);
        var device = c.Parameters.Single(p => p.Name == "Device" && p.ParameterSetName == "Device");
        // With -Listen, devices are optional (network senders only, or both).
        Assert.False(c.Parameters.Single(p => p.Name == "Device" && p.ParameterSetName == "Listen").Mandatory);
        Assert.True(c.Parameters.Single(p => p.Name == "Listen").Mandatory);
        Assert.True(device.Mandatory);
        Assert.True(device.FromPipelineByPropertyName);
        Assert.Contains("Name", device.Aliases);
        Assert.Equal("AcousticAnomaly.PowerShell.AudioDeviceNameCompleter", CompleterOf(device.Property));
        Assert.True(c.Parameters.Single(p => p.Name == "Index").FromPipelineByPropertyName);
        var emitted = _assembly.Cmdlets.Single(x => x.Name == "Get-AudioDevice").OutputTypes.Single().GetProperties().Select(p => p.Name).ToHashSet();
        Assert.All(c.Parameters.Where(p => p.FromPipelineByPropertyName),
            p => Assert.True(p.Aliases.Prepend(p.Name).Any(emitted.Contains), p.Name));
        // Every duration takes seconds.
        var durations = c.Parameters.Where(p => p.Property.PropertyType.ToString().Contains("TimeSpan")).ToList();
        Assert.Equal(new[] { "Cooldown", "Duration", "HopDuration", "RecordSegmentDuration", "WindowDuration" }, durations.Select(p => p.Name).Order());
        Assert.All(durations, p => Assert.True(HasSeconds(p.Property), p.Name));
        Assert.Contains(c.Parameters, p => p.Name == "MaxSpeed");
        Assert.True(c.Parameters.Single(p => p.Name == "Model").Mandatory);
    }
}
