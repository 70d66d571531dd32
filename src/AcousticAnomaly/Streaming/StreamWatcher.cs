using System.Runtime.CompilerServices;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Network;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Recording;

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
    /// throw here, before any file is written. Drain <see cref="DeviceRun{TEvent}.Events"/> on the thread that must see results.
    /// </summary>
    public static WatchRun Start(WatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = options.Model ?? AnomalyModel.Load(options.ModelPath!, options.Overrides, sessionOptions: LiveSession);
        bool ownsModel = options.Model is null;
        ResultOutlet? outlet = null;
        try
        {
            if (!AnomalyDecision.CanDecide(model.Threshold))
                throw new OnnxModelException(model.Path, "the model has no stored threshold; give one when loading it");
            // One thread per window: several streams run side by side, and a window is small next to a clip batch.
            var extractor = new FeatureExtractor(model.FeatureSettings, maxDegreeOfParallelism: 1);
            var stream = StreamPlan.Create(options, extractor, model.Name, WatchOptions.DefaultWindow, options.SaveAnomaliesDirectory);
            stream.CreateDirectories();
            outlet = ResultOutlet.Start(options);
            return new WatchRun(options, new WatchPlan(stream, options.AnomalyOnly, options.MinConsecutive, options.Cooldown), model,
                ownsModel, extractor, outlet);
        }
        catch
        {
            outlet?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (ownsModel) model.Dispose();
            throw;
        }
    }

    /// <summary>ONNX Runtime settings for live models: one thread each (streams run side by side) and no arena, so a
    /// days-long watch does not hold on to memory.</summary>
    internal static OnnxSessionOptions LiveSession => new() { IntraOpThreads = 1, CpuMemoryArena = false };

    /// <summary>The same as <see cref="Start"/> as an async stream of events; cancelling stops capture, and the
    /// enumeration still delivers everything captured before it ends (every file finalised).</summary>
    public static async IAsyncEnumerable<WatchEvent> WatchAsync(WatchOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var run = Start(options);
        await foreach (var e in run.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return e;
    }
}
