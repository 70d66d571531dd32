using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// A watch's options resolved against its model (anomaly model or classifier). Sources are captured at
/// <see cref="CaptureRate"/> (the duration and the recording count capture frames); windows are cut at the model's
/// <see cref="SampleRate"/>, after resampling when the two differ (window, hop and evidence are in samples at that
/// rate). <see cref="Features"/> gives the model's channel rule.
/// </summary>
internal sealed record StreamPlan(int SampleRate, int CaptureRate, int Channels, int WindowFrames, int HopFrames, long TargetFrames,
    FeatureSettings Features, string? EvidenceDirectory, RecordingOptions? Recording, CaptureOptions Capture)
{
    /// <summary>Checks the options against the model and resolves them; bad options throw <see cref="ArgumentException"/>.
    /// Without <paramref name="featureWindow"/> (a model fed raw samples) a window need not hold one feature vector.</summary>
    public static StreamPlan Create(ILiveWatchOptions options, FeatureExtractor extractor, string modelName, TimeSpan defaultWindow,
        string? evidenceDirectory, bool featureWindow = true)
    {
        var settings = extractor.Settings;
        int rate = settings.SampleRate;
        // Another capture rate (a device that only offers 44.1 or 48 kHz) is resampled to the model's, block by block,
        // with the same filter the offline feature path uses for files at other rates.
        int captureRate = options.SampleRate ?? rate;
        if (settings.ChannelMode == ChannelMode.Select && settings.Channel >= options.Channels)
            throw new ArgumentException(
                $"The model {modelName} uses channel {settings.Channel} (zero-based); capture at least {settings.Channel + 1} channels (asked for {options.Channels}).", nameof(options));
        var window = options.WindowDuration ?? defaultWindow;
        int windowFrames = Frames(window, rate, "window");
        int hopFrames = Frames(options.HopDuration, rate, "hop");
        if (featureWindow && extractor.VectorCount(windowFrames) < 1)
            throw new ArgumentException(
                $"A {window.TotalSeconds:0.###} s window is too short for the model's features: at least {extractor.MinimumSamples / (double)rate:0.###} s is needed.", nameof(options));
        long target = options.Duration is { } d ? (long)Math.Round(d.TotalSeconds * captureRate) : 0;
        if (options.Duration is not null && target <= 0) throw new ArgumentException("The duration must be at least one frame.", nameof(options));

        RecordingOptions? recording = options.RecordDirectory is null ? null : new RecordingOptions
        {
            Devices = options.Devices,
            OutputDirectory = Path.GetFullPath(options.RecordDirectory),
            SampleRate = captureRate,
            Channels = options.Channels,
            Duration = options.Duration,
            SegmentDuration = options.RecordSegmentDuration,
            Format = RecordingFormat.Wav16,
        };
        if (recording is not null && options.RecordMinFreeSpace is { } minFree) recording = recording with { MinFreeSpace = minFree };
        var capture = options.Capture with
        {
            SampleRate = captureRate,
            Channels = options.Channels,
            SampleFormat = CaptureSampleFormat.Int16,
            FramesPerBlock = captureRate == rate
                ? BlockFrames(hopFrames, windowFrames)
                : BlockFrames(Frames(options.HopDuration, captureRate, "hop"), Frames(window, captureRate, "window"), ResamplingBlockFrames),
        };
        var evidence = evidenceDirectory is null ? null : Path.GetFullPath(evidenceDirectory);
        return new StreamPlan(rate, captureRate, options.Channels, windowFrames, hopFrames, target, settings, evidence, recording, capture);
    }

    /// <summary>Creates the folders the watch writes into; evidence folders are marked so retention keeps them.</summary>
    public void CreateDirectories()
    {
        if (EvidenceDirectory is { } e)
        {
            Directory.CreateDirectory(e);
            Archive.EvidenceMarker.Mark(e);
        }
        if (Recording is { } r) Directory.CreateDirectory(r.OutputDirectory);
    }

    internal static int Frames(TimeSpan t, int rate, string what)
    {
        double frames = Math.Round(t.TotalSeconds * rate);
        if (frames < 1 || frames > int.MaxValue / 2)
            throw new ArgumentException($"The {what} of {t.TotalSeconds:0.######} s is not a usable number of frames at {rate} Hz.");
        return (int)frames;
    }

    /// <summary>
    /// The block size: the largest divisor of both hop and window in 64..<paramref name="maxFrames"/> frames, so every
    /// window ends exactly at a block's end and is scored the moment that block arrives (a window ending mid-block
    /// would wait for the rest of it). Odd hops fall back to <paramref name="maxFrames"/>.
    /// </summary>
    internal static int BlockFrames(int hopFrames, int windowFrames, int maxFrames = 1024)
    {
        int g = Gcd(hopFrames, windowFrames);
        for (int b = Math.Min(maxFrames, g); b >= 64; b--)
        {
            if (g % b == 0) return b;
        }
        return maxFrames;
    }

    /// <summary>
    /// Blocks when resampling: the filter needs a few dozen samples beyond a window's end, and they come with the next
    /// block, so a window waits for almost a whole block; blocks of at most 256 frames (about 5 ms at 48 kHz) keep that
    /// wait short (with 1000-frame blocks the median latency at 48 kHz was 24 ms instead of 4).
    /// </summary>
    internal const int ResamplingBlockFrames = 256;

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
