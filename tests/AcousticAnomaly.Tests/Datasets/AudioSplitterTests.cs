using Xunit;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Tests.Datasets;

public sealed class AudioSplitterTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string NoiseFile(string name, WavSampleFormat format, int channels, double seconds)
    {
        var rng = new Random(5);
        var x = new float[(int)(seconds * 16000) * channels];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 1.6 - 0.8);
        return Signals.Write(_dir[name], 16000, channels, x, format);
    }

    private static int[] Ints(string path)
    {
        using var r = AudioFile.Open(path);
        var a = new int[r.TotalFrames * r.Format.Channels];
        int done = 0, n;
        while ((n = r.ReadInt32(a.AsSpan(done))) > 0) done += n * r.Format.Channels;
        return a;
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm16)]
    [InlineData(WavSampleFormat.Pcm24)]
    [InlineData(WavSampleFormat.Pcm32)]
    public void ChunksConcatenateToTheSourceSampleForSample(WavSampleFormat format)
    {
        var source = NoiseFile("long.wav", format, 2, 1.05);
        var splitter = new AudioSplitter(new AudioSplitOptions { ChunkDuration = TimeSpan.FromSeconds(0.3), OutputDirectory = _dir["chunks"] });

        var chunks = splitter.Split(source).ToList();

        Assert.Equal(["long_0.000s.wav", "long_0.300s.wav", "long_0.600s.wav", "long_0.900s.wav"], chunks.Select(c => Path.GetFileName(c.Path)));
        Assert.Equal([4800L, 4800, 4800, 2400], chunks.Select(c => c.Frames));
        Assert.Equal(0.9, chunks[3].Offset, 9);
        Assert.Equal(Ints(source), chunks.SelectMany(c => Ints(c.Path)));
        Assert.Empty(Directory.GetFiles(_dir["chunks"], ".*"));
    }

    [Fact]
    public void FloatSourcesStayExactToo()
    {
        var source = NoiseFile("f.wav", WavSampleFormat.Float32, 1, 0.5);
        var chunks = new AudioSplitter(new AudioSplitOptions { ChunkDuration = TimeSpan.FromSeconds(0.2) }).Split(source).ToList();
        Assert.Equal(AudioFile.ReadAll(source).Samples, chunks.SelectMany(c => AudioFile.ReadAll(c.Path).Samples));
        Assert.All(chunks, c => Assert.Equal(Path.GetDirectoryName(source), Path.GetDirectoryName(c.Path)));
    }

    /// <summary>Issue 15 item 13: chunks are copied block by block (64k frames) from one sequential read; chunks longer
    /// than a block, overlapping hops, gaps between chunks and every sample format give exactly the whole file's frames.</summary>
    [Theory]
    [InlineData(WavSampleFormat.Pcm16, 2, 5.3, 3.1)]   // overlap: each chunk shares 2.2 s with the next
    [InlineData(WavSampleFormat.Pcm24, 1, 4.7, 6.9)]   // gap: 2.2 s skipped between chunks
    [InlineData(WavSampleFormat.Float32, 2, 4.5, 4.5)] // float copied as float
    public void StreamedChunksEqualTheWholeFileRanges(WavSampleFormat format, int channels, double size, double hop)
    {
        var source = NoiseFile($"s{format}.wav", format, channels, 21.3);
        var chunks = new AudioSplitter(new AudioSplitOptions
        {
            ChunkDuration = TimeSpan.FromSeconds(size), Hop = TimeSpan.FromSeconds(hop), OutputDirectory = _dir[$"s{format}"],
        }).Split(source).ToList();
        var whole = AudioFile.ReadAll(source).Samples;
        Assert.True(chunks.Count >= 4);
        foreach (var c in chunks)
            Assert.Equal(whole.AsSpan((int)(c.StartFrame * channels), (int)(c.Frames * channels)).ToArray(), AudioFile.ReadAll(c.Path).Samples);
    }

    [Fact]
    public void HopOverlapsAndPartialChunksCanBeDropped()
    {
        var source = NoiseFile("o.wav", WavSampleFormat.Pcm16, 1, 1.0);
        var overlapping = new AudioSplitter(new AudioSplitOptions
        {
            ChunkDuration = TimeSpan.FromSeconds(0.4), Hop = TimeSpan.FromSeconds(0.2), KeepPartial = false, OutputDirectory = _dir["o"],
        }).Split(source).ToList();
        Assert.Equal([0L, 3200, 6400, 9600], overlapping.Select(c => c.StartFrame));
        Assert.All(overlapping, c => Assert.Equal(6400, c.Frames));
        var all = Ints(source);
        Assert.Equal(all.Skip(3200).Take(6400), Ints(overlapping[1].Path));
    }

    [Fact]
    public void SilenceSplitKeepsEachSound()
    {
        var x = new float[16000 * 3];
        var tone = Signals.Sine(500, 0.4, 16000, 0.3);
        tone.CopyTo(x, 3200);        // 0.2 - 0.6 s
        tone.CopyTo(x, 16000 * 2);   // 2.0 - 2.4 s
        var source = Signals.Write(_dir["s.wav"], 16000, 1, x);
        var chunks = new AudioSplitter(new AudioSplitOptions { SplitOnSilence = true, ChunkDuration = null, OutputDirectory = _dir["s"] })
            .Split(source).ToList();
        Assert.Equal(2, chunks.Count);
        Assert.Equal([3200L, 32000], chunks.Select(c => c.StartFrame));
        Assert.All(chunks, c => Assert.Equal(6400, c.Frames));
        Assert.Equal(tone, AudioFile.ReadAll(chunks[1].Path).Samples);
    }

    [Fact]
    public void ExistingChunksAreNotOverwrittenAndWhatIfWritesNothing()
    {
        var source = NoiseFile("e.wav", WavSampleFormat.Pcm16, 1, 0.5);
        var splitter = new AudioSplitter(new AudioSplitOptions { ChunkDuration = TimeSpan.FromSeconds(0.25), OutputDirectory = _dir["e"] });
        Assert.Empty(splitter.Split(source, _ => false).ToList());
        Assert.False(Directory.Exists(_dir["e"]));
        splitter.Split(source).ToList();
        Assert.Throws<IOException>(() => splitter.Split(source).ToList());
    }
}
