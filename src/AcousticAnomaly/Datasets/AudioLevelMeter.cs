using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// A live level meter: RMS and peak dBFS of a microphone per interval (100 ms by default), so a user sees the
/// background level and picks a silence threshold. Intervals are counted in captured frames, not wall-clock time.
/// </summary>
public static class AudioLevelMeter
{
    /// <summary>Levels of <paramref name="device"/> as they are captured; enumerate on the thread that consumes them.</summary>
    public static IEnumerable<AudioLevel> Measure(string device, AudioLevelOptions options, CancellationToken cancellationToken = default)
    {
        var session = CaptureSession.Start(device, options.Capture);
        return Run(session, options, cancellationToken);
    }

    private static IEnumerable<AudioLevel> Run(CaptureSession session, AudioLevelOptions options, CancellationToken cancellationToken)
    {
        using (session)
        using (cancellationToken.Register(session.RequestStop))
        {
            var levels = new LevelAccumulator(session.Device.Name, options.Capture.SampleRate, options.Capture.Channels, options.Interval);
            long limit = options.Duration is { } d ? (long)Math.Round(d.TotalSeconds * options.Capture.SampleRate) : long.MaxValue;
            var buffer = new float[options.Capture.FramesPerBlock * options.Capture.Channels];
            var ready = new List<AudioLevel>();
            foreach (var block in session.Blocks.ReadAllBlocking())
            {
                int frames = (int)Math.Min(block.Frames, limit - levels.Frames);
                if (buffer.Length < block.Frames * block.Channels) buffer = new float[block.Frames * block.Channels];
                block.CopyTo(buffer);
                var time = block.CaptureTime;
                session.Recycle(block);
                levels.Add(buffer.AsSpan(0, frames * options.Capture.Channels), time, ready);
                foreach (var level in ready) yield return level;
                ready.Clear();
                if (levels.Frames >= limit) break;
            }
        }
    }
}

/// <summary>Cuts a stream of interleaved samples into equal intervals and measures each one's RMS and peak.</summary>
public sealed class LevelAccumulator
{
    private readonly string _device;
    private readonly int _rate, _channels;
    private readonly long _intervalFrames;
    private long _framesInInterval;
    private double _sumSquares, _peak;
    private DateTimeOffset _intervalTime;

    public LevelAccumulator(string device, int sampleRate, int channels, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval), "The interval must be positive.");
        _device = device;
        _rate = sampleRate;
        _channels = channels;
        _intervalFrames = Math.Max(1, (long)Math.Round(interval.TotalSeconds * sampleRate));
    }

    /// <summary>Frames taken so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Adds samples captured from <paramref name="time"/> on; each interval they complete is appended to <paramref name="completed"/>.</summary>
    public void Add(ReadOnlySpan<float> interleaved, DateTimeOffset time, List<AudioLevel> completed)
    {
        int frames = interleaved.Length / _channels;
        for (int f = 0; f < frames; f++)
        {
            if (_framesInInterval == 0) _intervalTime = time + TimeSpan.FromSeconds((double)f / _rate);
            for (int c = 0; c < _channels; c++)
            {
                double x = interleaved[f * _channels + c];
                _sumSquares += x * x;
                if (Math.Abs(x) > _peak) _peak = Math.Abs(x);
            }
            Frames++;
            if (++_framesInInterval == _intervalFrames)
            {
                completed.Add(new AudioLevel(_device, (double)(Frames - _intervalFrames) / _rate, _intervalTime,
                    AudioFileChecker.Decibels(Math.Sqrt(_sumSquares / (_intervalFrames * _channels))), AudioFileChecker.Decibels(_peak)));
                _framesInInterval = 0;
                _sumSquares = 0;
                _peak = 0;
            }
        }
    }
}
