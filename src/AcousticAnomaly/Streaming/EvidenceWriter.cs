using AcousticAnomaly.Audio.Flac;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// Writes an event's window as evidence: a 16-bit mono FLAC of exactly the samples that were scored, named
/// &lt;device&gt;_&lt;UTC start of the window&gt;.flac (the recorder's naming, so evidence sorts beside recordings).
/// Written under a temporary name and renamed when complete, so a crash never leaves a half-written file.
/// </summary>
internal sealed class EvidenceWriter
{
    private readonly string _directory;
    private readonly int _sampleRate;
    private int[] _pcm = Array.Empty<int>();

    public EvidenceWriter(string directory, int sampleRate)
    {
        _directory = directory;
        _sampleRate = sampleRate;
    }

    public string Write(string device, DateTimeOffset windowStart, ReadOnlySpan<float> mono)
    {
        if (_pcm.Length < mono.Length) _pcm = new int[mono.Length];
        var pcm = _pcm.AsSpan(0, mono.Length);
        // 16-bit capture reaches here as s / 32768, so this gives back the captured integers exactly.
        for (int i = 0; i < mono.Length; i++) pcm[i] = (int)Math.Clamp(MathF.Round(mono[i] * 32768f), -32768f, 32767f);

        string path = SegmentNaming.UniquePath(_directory, device, windowStart, ".flac");
        string temp = Path.Combine(_directory, "." + Path.GetFileName(path) + ".tmp");
        try
        {
            using (var writer = new FlacWriter(temp, new FlacWriterOptions(_sampleRate, 1, 16, TotalSamplesEstimate: mono.Length)))
            {
                writer.Write(pcm);
                writer.Complete();
            }
            File.Move(temp, path);
            return path;
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
