using AcousticAnomaly.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

[Collection(CaptureCollection.Name)]
public class DevicesVerbTests(VirtualMicrophones mics)
{
    [Fact]
    public void DevicesPrintsTheInputDevicesAsCsvWithTheCmdletsPropertyNames()
    {
        var (code, stdout, stderr) = CliRunner.Run(mics, "devices", "--name", "vmic_*");
        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(typeof(AudioDeviceInfo).GetProperties().Select(p => p.Name), rows[0]);
        Assert.Equal(new[] { VirtualMicrophones.Normal, VirtualMicrophones.Anomaly, VirtualMicrophones.Broken, VirtualMicrophones.Removable, VirtualMicrophones.Hifi },
            rows.Skip(1).Select(r => r[1]));
        Assert.All(rows.Skip(1), r =>
        {
            Assert.Equal("ALSA", r[2]);
            Assert.Equal(r[1] == VirtualMicrophones.Hifi ? "48000" : "16000", r[4]); // each device's own rate
            Assert.Equal("False", r[5]);
        });
    }

    [Fact]
    public void DevicesWithoutFilterIncludesTheDefaultInput()
    {
        var (code, stdout, stderr) = CliRunner.Run(mics, "devices");
        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout).Skip(1).ToList();
        Assert.Equal("True", rows.Single(r => r[1] == "default")[5]);
        Assert.Equal(6, rows.Count); // the five virtual microphones and "default"
    }
}
