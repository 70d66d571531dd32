using AcousticAnomaly.Capture;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Network;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// Watches live audio with a classifier: each device (and, with a listen address, each network sender) is captured, a
/// sliding window (default 1 s, moving by 0.5 s) is classified as the audio arrives, and a
/// <see cref="ClassificationWatchResult"/> is produced per window. The service behind Watch-AudioClassification and
/// `acoustic-anomaly watch` given a classifier model.
/// </summary>
public static class ClassificationWatcher
{
    /// <summary>
    /// Loads the model, starts every source and returns the running watch. Bad options, an unusable model
    /// (<see cref="OnnxModelException"/>) or an unknown or busy device (<see cref="AudioDeviceException"/>) throw here.
    /// </summary>
    public static ClassificationWatchRun Start(ClassificationWatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var classifier = AudioClassifier.Load(options.ModelPath, options.Labels, options.Features,
            new OnnxSessionOptions { IntraOpThreads = 1, CpuMemoryArena = false }, options.RawAudio);
        try
        {
            var settings = classifier.Features;
            int rate = settings.SampleRate;
            int captureRate = options.SampleRate ?? rate;
            if (settings.ChannelMode == Features.ChannelMode.Select && settings.Channel >= options.Channels)
                throw new ArgumentException($"The model uses channel {settings.Channel} (zero-based); capture at least {settings.Channel + 1} channels.", nameof(options));
            // A raw-audio model with a fixed input length classifies windows of exactly that length unless told otherwise.
            var window = options.WindowDuration ?? (classifier.RawSamples > 0 ? TimeSpan.FromSeconds(classifier.RawSamples / (double)rate) : ClassificationWatchOptions.DefaultWindow);
            int windowFrames = StreamWatcher.Frames(window, rate, "window");
            int hopFrames = StreamWatcher.Frames(options.HopDuration, rate, "hop");
            if (!classifier.RawAudio && windowFrames < new Features.FeatureExtractor(settings, 1).MinimumSamples)
                throw new ArgumentException($"A {window.TotalSeconds:0.###} s window is too short for the model's features.", nameof(options));
            long target = options.Duration is { } d ? (long)Math.Round(d.TotalSeconds * captureRate) : 0;
            var plan = new ClassificationPlan(options, settings, rate, captureRate, windowFrames, hopFrames, target);
            var capture = options.Capture with
            {
                SampleRate = captureRate,
                Channels = options.Channels,
                SampleFormat = CaptureSampleFormat.Int16,
                FramesPerBlock = captureRate == rate
                    ? StreamWatcher.BlockFrames(hopFrames, windowFrames)
                    : StreamWatcher.BlockFrames(StreamWatcher.Frames(options.HopDuration, captureRate, "hop"),
                        StreamWatcher.Frames(window, captureRate, "window"), StreamWatcher.ResamplingBlockFrames),
            };
            var sessions = Recorder.StartAll(options.Devices, capture);
            RtpListener? listener = null;
            try
            {
                if (options.Listen is { } listen) listener = RtpListener.Start(listen with { Capture = capture });
            }
            catch
            {
                foreach (var s in sessions) s.Dispose();
                throw;
            }
            return new ClassificationWatchRun(sessions, listener, plan, classifier);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }
}
