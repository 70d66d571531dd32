using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Recording;

/// <summary>
/// A recording file written with <see cref="WavWriter"/> in place (not via a temporary name): its header is kept
/// valid while recording, so a crash leaves a readable file missing at most the last half second; Dispose finalises.
/// </summary>
internal sealed class WavSegmentWriter : ISegmentWriter
{
    private readonly WavWriter _writer;
    private int[] _ints = Array.Empty<int>();

    public WavSegmentWriter(string path, int sampleRate, int channels, RecordingFormat format)
    {
        _writer = new WavWriter(path, sampleRate, channels, format switch
        {
            RecordingFormat.Wav16 => WavSampleFormat.Pcm16,
            RecordingFormat.Wav24 => WavSampleFormat.Pcm24,
            _ => WavSampleFormat.Float32,
        });
    }

    public void Write(AudioBlock block, int offsetFrames, int frames)
    {
        int from = offsetFrames * block.Channels, count = frames * block.Channels;
        if (block.Int16Samples is { } shorts)
        {
            // 16-bit capture into a 16-bit file: integers all the way, bit-exact.
            if (_ints.Length < count) _ints = new int[count];
            for (int i = 0; i < count; i++) _ints[i] = shorts[from + i];
            _writer.WriteInt32(_ints.AsSpan(0, count));
        }
        else
        {
            _writer.Write(block.FloatSamples.AsSpan(from, count));
        }
    }

    public void Dispose() => _writer.Dispose();
}
