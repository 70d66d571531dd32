using AcousticAnomaly.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Capture;

[Collection(CaptureCollection.Name)]
public class AudioDeviceCatalogTests(VirtualMicrophones mics)
{
    [Fact]
    public void ListShowsTheVirtualMicrophonesAsAlsaInputs()
    {
        var devices = AudioDeviceCatalog.List();
        var names = devices.Select(d => d.Name).ToList();
        Assert.Contains(VirtualMicrophones.Normal, names);
        Assert.Contains(VirtualMicrophones.Anomaly, names);
        Assert.Contains("default", names);
        Assert.All(devices, d =>
        {
            Assert.Equal("ALSA", d.HostApi);
            Assert.True(d.MaxInputChannels > 0);
        });
        var normal = devices.Single(d => d.Name == VirtualMicrophones.Normal);
        Assert.Equal(16000, normal.DefaultSampleRate);
        Assert.False(normal.IsDefaultInput);
        Assert.Equal("default", devices.Single(d => d.IsDefaultInput).Name);
        Assert.Equal(devices.Count, devices.Select(d => d.Index).Distinct().Count());
    }

    [Fact]
    public void AudioDeviceInfoHasExactlyTheEmittedProperties()
    {
        Assert.Equal(new[] { "Index", "Name", "HostApi", "MaxInputChannels", "DefaultSampleRate", "IsDefaultInput" },
            typeof(AudioDeviceInfo).GetProperties().Select(p => p.Name));
    }

    [Fact]
    public void ListFiltersByWildcardOrSubstring()
    {
        Assert.Equal(new[] { VirtualMicrophones.Normal, VirtualMicrophones.Anomaly, VirtualMicrophones.Broken, VirtualMicrophones.Removable, VirtualMicrophones.Hifi },
            AudioDeviceCatalog.List("VMIC_*").Select(d => d.Name));
        Assert.Equal(new[] { VirtualMicrophones.Anomaly }, AudioDeviceCatalog.List("anom").Select(d => d.Name));
        Assert.Equal(new[] { VirtualMicrophones.Normal }, AudioDeviceCatalog.List("vmic_[n]*").Select(d => d.Name));
        Assert.Empty(AudioDeviceCatalog.List("no-such-*"));
    }

    [Fact]
    public void ResolveTakesExactNameUniquePatternOrIndex()
    {
        var normal = AudioDeviceCatalog.Resolve(VirtualMicrophones.Normal);
        Assert.Equal(VirtualMicrophones.Normal, normal.Name);
        Assert.Equal(normal, AudioDeviceCatalog.Resolve(normal.Index.ToString()));
        Assert.Equal(VirtualMicrophones.Anomaly, AudioDeviceCatalog.Resolve("*anomaly").Name);
        Assert.Equal(VirtualMicrophones.Anomaly, AudioDeviceCatalog.Resolve("ANOMALY").Name);
        // "default" is an exact name even though other names do not contain it
        Assert.True(AudioDeviceCatalog.Resolve("default").IsDefaultInput);
    }

    [Fact]
    public void UnknownNameListsTheAvailableDevices()
    {
        var ex = Assert.Throws<AudioDeviceException>(() => AudioDeviceCatalog.Resolve("Shure SM58"));
        Assert.Equal(AudioDeviceProblem.NotFound, ex.Problem);
        Assert.Contains("'Shure SM58'", ex.Message);
        Assert.Contains($"'{VirtualMicrophones.Normal}'", ex.Message);
        Assert.Contains($"'{VirtualMicrophones.Anomaly}'", ex.Message);

        var byIndex = Assert.Throws<AudioDeviceException>(() => AudioDeviceCatalog.Resolve("999"));
        Assert.Equal(AudioDeviceProblem.NotFound, byIndex.Problem);
        Assert.Contains("index 999", byIndex.Message);
    }

    [Fact]
    public void AmbiguousNameListsTheCandidates()
    {
        var ex = Assert.Throws<AudioDeviceException>(() => AudioDeviceCatalog.Resolve("vmic"));
        Assert.Equal(AudioDeviceProblem.Ambiguous, ex.Problem);
        Assert.Contains(VirtualMicrophones.Normal, ex.Message);
        Assert.Contains(VirtualMicrophones.Anomaly, ex.Message);
        Assert.Contains("index", ex.Message);
    }

    [Fact]
    public void DeviceWhoseBackingFileIsGoneIsNotListed()
    {
        File.Delete(mics.RemovableFile);
        try
        {
            Assert.DoesNotContain(VirtualMicrophones.Removable, AudioDeviceCatalog.List().Select(d => d.Name));
            var ex = Assert.Throws<AudioDeviceException>(() => AudioDeviceCatalog.Resolve(VirtualMicrophones.Removable));
            Assert.Equal(AudioDeviceProblem.NotFound, ex.Problem);
        }
        finally
        {
            mics.RestoreRemovableFile();
        }
        Assert.Contains(VirtualMicrophones.Removable, AudioDeviceCatalog.List().Select(d => d.Name));
    }
}
