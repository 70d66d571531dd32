using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

public class ChannelMixerTests
{
    private static readonly float[] Stereo = [0.5f, -0.25f, 1f, 0f, -1f, 0.75f];

    [Fact]
    public void SelectsOneChannel()
    {
        Assert.Equal([0.5f, 1f, -1f], ChannelMixer.SelectChannel(Stereo, 2, 0));
        Assert.Equal([-0.25f, 0f, 0.75f], ChannelMixer.SelectChannel(Stereo, 2, 1));
    }

    [Fact]
    public void AveragesChannels()
    {
        Assert.Equal([0.125f, 0.5f, -0.125f], ChannelMixer.Average(Stereo, 2));
        Assert.Equal([1f, 2f], ChannelMixer.Average([0f, 1f, 2f, 3f, 1f, 2f], 3));
    }

    [Fact]
    public void MissingChannelNamesTheChannelCount()
    {
        var e = Assert.Throws<ArgumentException>(() => ChannelMixer.SelectChannel(Stereo, 2, 2));
        Assert.Contains("2 channel(s)", e.Message);
        Assert.Contains("Channel 2", e.Message);
        Assert.Throws<ArgumentException>(() => ChannelMixer.SelectChannel(Stereo, 2, -1));
    }

    [Fact]
    public void RaggedInputIsRejected() =>
        Assert.Throws<ArgumentException>(() => ChannelMixer.Average(new float[5], 2));

    [Fact]
    public void IntoADestinationGivesTheSameValuesAndRefusesOneTooSmall()
    {
        var mono = new float[4];
        ChannelMixer.Average(Stereo, 2, mono);
        Assert.Equal(ChannelMixer.Average(Stereo, 2), mono.Take(3));
        ChannelMixer.SelectChannel(Stereo, 2, 1, mono);
        Assert.Equal(ChannelMixer.SelectChannel(Stereo, 2, 1), mono.Take(3));
        Assert.Throws<ArgumentException>(() => ChannelMixer.Average(Stereo, 2, new float[2]));
    }
}
