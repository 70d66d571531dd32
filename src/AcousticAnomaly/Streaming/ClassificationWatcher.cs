using System.Runtime.CompilerServices;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Recording;

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
        var classifier = AudioClassifier.Load(options.ModelPath, options.Labels, options.Features, StreamWatcher.LiveSession, options.RawAudio);
        ResultOutlet? outlet = null;
        try
        {
            var extractor = new Features.FeatureExtractor(classifier.Features, maxDegreeOfParallelism: 1);
            // A raw-audio model with a fixed input length classifies windows of exactly that length unless told otherwise.
            var defaultWindow = classifier.RawSamples > 0
                ? TimeSpan.FromSeconds(classifier.RawSamples / (double)classifier.Features.SampleRate)
                : ClassificationWatchOptions.DefaultWindow;
            var stream = StreamPlan.Create(options, extractor, Path.GetFileName(classifier.Path), defaultWindow,
                options.EvidenceDirectory, featureWindow: !classifier.RawAudio);
            stream.CreateDirectories();
            outlet = ResultOutlet.Start(options);
            return new ClassificationWatchRun(new ClassificationPlan(stream, options), classifier, outlet);
        }
        catch
        {
            outlet?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>The same as <see cref="Start"/> as an async stream of events; cancelling stops capture, and the
    /// enumeration still delivers everything captured before it ends (every file finalised).</summary>
    public static async IAsyncEnumerable<ClassificationWatchEvent> WatchAsync(ClassificationWatchOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var run = Start(options);
        await foreach (var e in run.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return e;
    }
}
