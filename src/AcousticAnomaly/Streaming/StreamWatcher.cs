using System.Runtime.CompilerServices;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Network;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Scoring;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// Watches live audio for anomalies: each device is captured, a sliding window (default the 10 s DCASE clip, moving by
/// 1 s) is scored with the model as the audio arrives, and a <see cref="WatchResult"/> is produced per window. The
/// service behind Watch-AnomalyStream and `acoustic-anomaly watch`.
/// </summary>
public static class StreamWatcher
{
    /// <summary>
    /// Loads the model (if given by path), starts every device and returns the running watch. Bad options, an unusable
    /// model (<see cref="OnnxModelException"/>) or an unknown, busy or unsuitable device (<see cref="AudioDeviceException"/>)
    /// throw here, before any file is written. Drain <see cref="WatchRun.Events"/> on the thread that must see results.
    /// </summary>
    public static WatchRun Start(WatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = options.Model ?? AnomalyModel.Load(options.ModelPath!, options.Overrides, sessionOptions: new OnnxSessionOptions { IntraOpThreads = 1, CpuMemoryArena = false });
        bool ownsModel = options.Model is null;
        try
        {
            var plan = Plan(options, model, out var extractor);
            if (plan.EvidenceDirectory is { } e) { Directory.CreateDirectory(e); Archive.EvidenceMarker.Mark(e); } // retention keeps evidence
            if (plan.Recording is { } r) Directory.CreateDirectory(r.OutputDirectory);
            var capture = options.Capture with
            {
                SampleRate = plan.CaptureRate,
                Channels = plan.Channels,
                SampleFormat = CaptureSampleFormat.Int16,
                FramesPerBlock = plan.CaptureRate == plan.SampleRate
                    ? BlockFrames(plan.HopFrames, plan.WindowFrames)
                    : BlockFrames(Frames(options.HopDuration, plan.CaptureRate, "hop"),
                        Frames(options.WindowDuration ?? WatchOptions.DefaultWindow, plan.CaptureRate, "window"), ResamplingBlockFrames),
            };
            var sessions = Recorder.StartAll(options.Devices ?? Array.Empty<string>(), capture);
            RtpListener? listener = null;
            MqttEventPublisher? publisher = null;
            try
            {
                if (options.Listen is { } listen) listener = RtpListener.Start(listen with { Capture = capture });
                if (options.Mqtt is { } mqtt) publisher = MqttEventPublisher.Start(mqtt, options.Devices, options.Listen?.Endpoint);
            }
            catch
            {
                listener?.Dispose();
                foreach (var s in sessions) s.Dispose();
                throw;
            }
            return new WatchRun(sessions, plan, model, ownsModel, extractor, listener, options.Reply, publisher);
        }
        catch
        {
            if (ownsModel) model.Dispose();
            throw;
        }
    }

    /// <summary>The same as <see cref="Start"/> as an async stream of events; cancelling stops capture, and the
    /// enumeration still delivers everything captured before it ends (every file finalised).</summary>
    public static async IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var run = Start(options);
        using var registration = cancellationToken.Register(run.Stop);
        await foreach (var e in run.Events.ReadAllAsync().ConfigureAwait(false)) yield return e;
    }

    private static WatchPlan Plan(WatchOptions options, AnomalyModel model, out FeatureExtractor extractor)
    {
        if (double.IsNaN(model.Threshold))
            throw new OnnxModelException(model.Path, "the model has no stored threshold; give one when loading it");
        var settings = model.FeatureSettings;
        int rate = settings.SampleRate;
        // Another capture rate (a device that only offers 44.1 or 48 kHz) is resampled to the model's, block by block,
        // with the same filter the offline feature path uses for files at other rates.
        int captureRate = options.SampleRate ?? rate;
        if (settings.ChannelMode == ChannelMode.Select && settings.Channel >= options.Channels)
            throw new ArgumentException(
                $"The model {model.Name} uses channel {settings.Channel} (zero-based); capture at least {settings.Channel + 1} channels (asked for {options.Channels}).", nameof(options));

        // One thread per window: several streams run side by side, and a window is small next to a clip batch.
        extractor = new FeatureExtractor(settings, maxDegreeOfParallelism: 1);
        var window = options.WindowDuration ?? WatchOptions.DefaultWindow;
        int windowFrames = Frames(window, rate, "window");
        int hopFrames = Frames(options.HopDuration, rate, "hop");
        if (extractor.VectorCount(windowFrames) < 1)
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
        var evidence = options.SaveAnomaliesDirectory is null ? null : Path.GetFullPath(options.SaveAnomaliesDirectory);
        return new WatchPlan(rate, captureRate, options.Channels, windowFrames, hopFrames, target, options.AnomalyOnly,
            options.MinConsecutive, options.Cooldown, evidence, recording);
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
