using System.Buffers.Binary;
using System.Text;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

/// <summary>
/// The lenient edges of WAV parsing (what is accepted on purpose) and a deterministic fuzz pass showing that damaged
/// files fail only with AudioFileException.
/// </summary>
public sealed class WavHeaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-wavheader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Chunk(string id, byte[] payload, uint? size = null)
    {
        var b = new byte[8 + payload.Length + (payload.Length & 1)];
        Encoding.ASCII.GetBytes(id, b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), size ?? (uint)payload.Length);
        payload.CopyTo(b, 8);
        return b;
    }

    private static byte[] Fmt16Mono()
    {
        var f = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(f, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), 8000);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(8), 16000);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), 16);
        return f;
    }

    private static byte[] Riff(byte[] body, uint? riffSize = null)
    {
        var head = new byte[12];
        Encoding.ASCII.GetBytes("RIFF", head);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), riffSize ?? (uint)(4 + body.Length));
        Encoding.ASCII.GetBytes("WAVE", head.AsSpan(8));
        return [.. head, .. body];
    }

    private string Save(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Samples(params short[] v)
    {
        var b = new byte[v.Length * 2];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(i * 2), v[i]);
        return b;
    }

    [Fact]
    public void BytesAfterTheDataChunkAreIgnored()
    {
        // What a killed writer leaves: samples beyond the sizes of its last header update.
        var file = Riff([.. Chunk("fmt ", Fmt16Mono()), .. Chunk("data", Samples(1, 2, 3))]);
        var path = Save("tail.wav", [.. file, .. Samples(4, 5, 6, 7), 0x01]);
        using var r = WavReader.Open(path);
        var v = new int[10];
        Assert.Equal(3, r.ReadInt32(v));
        Assert.Equal(new[] { 1, 2, 3 }, v[..3]);
    }

    [Fact]
    public void EmptyDataChunkFollowedByAnotherChunkIsAnEmptyFile()
    {
        var path = Save("empty-then-list.wav",
            Riff([.. Chunk("fmt ", Fmt16Mono()), .. Chunk("data", []), .. Chunk("LIST", Encoding.ASCII.GetBytes("INFO"))]));
        using var r = WavReader.Open(path);
        Assert.Equal(0, r.TotalFrames);
    }

    [Fact]
    public void PartialTrailingFrameIsIgnored()
    {
        var path = Save("partial.wav", Riff([.. Chunk("fmt ", Fmt16Mono()), .. Chunk("data", [1, 0, 2, 0, 3])]));
        using var r = WavReader.Open(path);
        Assert.Equal(2, r.TotalFrames);
    }

    [Fact]
    public void RiffSizeCountingAMissingPadByteIsAccepted()
    {
        var body = Chunk("fmt ", Fmt16Mono()).Concat(Chunk("bext", [9, 9, 9])).Concat(Chunk("data", Samples(5))).ToArray();
        var path = Save("pad.wav", Riff(body, riffSize: (uint)(4 + body.Length + 1)));
        using var r = WavReader.Open(path);
        Assert.Equal(1, r.TotalFrames);
    }

    [Fact]
    public void DamagedFilesFailOnlyWithAudioFileException()
    {
        // Deterministic fuzz: every truncation of small fixtures, plus random byte and size-field corruptions.
        var sources = new[] { "odd_chunks_pcm16.wav", "rf64_pcm16_stereo.wav", "extensible_pcm24_mono.wav", "float32_stereo.wav" }
            .Select(n => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "audio", n))).ToArray();
        var rng = new Random(12345);
        var path = Path.Combine(_dir, "fuzz.wav");
        int refused = 0, accepted = 0;

        void Check(byte[] content)
        {
            File.WriteAllBytes(path, content);
            try
            {
                using var r = AudioFile.Open(path);
                var block = new float[512 * r.Format.Channels];
                while (r.Read(block) > 0) { }
                accepted++;
            }
            catch (AudioFileException e)
            {
                Assert.Equal(path, e.FilePath);
                refused++;
            }
        }

        foreach (var src in sources)
        {
            for (int len = 0; len < Math.Min(src.Length, 140); len++) Check(src[..len]);
            for (int i = 0; i < 150; i++)
            {
                var m = (byte[])src.Clone();
                int pos = rng.Next(Math.Min(m.Length, 120));
                if (i % 3 == 0) BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(pos & ~3), (uint)rng.NextInt64(0, 1L << 32));
                else m[pos] = (byte)rng.Next(256);
                Check(m);
            }
        }
        Assert.True(refused > 400, $"{refused} refused");
        Assert.True(accepted > 50, $"{accepted} accepted"); // corruptions inside sample data are still valid files
    }
}
