using System.Threading.Channels;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Streaming;

/// <summary>
/// A classification watch in progress: one consumer per device or network sender, all reporting into one queue. It
/// ends when every device reached the duration or after <see cref="Stop"/> (what was captured is still classified).
/// Dispose stops, waits and releases the model.
/// </summary>
public sealed class ClassificationWatchRun : IDisposable
{
    private readonly List<CaptureSession> _sessions;
    private readonly RtpListener? _listener;
    private readonly ClassificationPlan _plan;
    private readonly AudioClassifier _classifier;
    private readonly Channel<ClassificationWatchEvent> _events = Channel.CreateUnbounded<ClassificationWatchEvent>();
    private readonly WallClock _clock = new();
    private readonly Task _workers;

    internal ClassificationWatchRun(List<CaptureSession> sessions, RtpListener? listener, ClassificationPlan plan, AudioClassifier classifier)
    {
        (_sessions, _listener, _plan, _classifier) = (sessions, listener, plan, classifier);
        var tasks = sessions.Select(s => Task.Run(() => WatchAsync(s))).ToList();
        if (listener is not null)
            tasks.Add(Task.Run(() => listener.ServeAsync(WatchAsync, stopWhenIdle: plan.TargetFrames > 0)));
        _workers = Task.WhenAll(tasks);
        _workers.ContinueWith(t => _events.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);
    }

    /// <summary>The labels in the model's output order.</summary>
    public IReadOnlyList<string> Labels => _classifier.Labels;

    /// <summary>The listener's address (the port bound when 0 was asked), with a listen address.</summary>
    public System.Net.IPEndPoint? ListenEndpoint => _listener?.LocalEndpoint;

    /// <summary>Results and device status changes as they happen; completes when the watch has ended.</summary>
    public ChannelReader<ClassificationWatchEvent> Events => _events.Reader;

    /// <summary>Stops capture without waiting; what was captured is still classified.</summary>
    public void Stop()
    {
        foreach (var s in _sessions) s.RequestStop();
        _listener?.RequestStop();
    }

    public void Dispose()
    {
        Stop();
        try
        {
            _workers.Wait();
        }
        catch (AggregateException)
        {
            // A consumer's error already ended Events with it.
        }
        foreach (var s in _sessions) s.Dispose();
        _listener?.Dispose();
        _classifier.Dispose();
    }

    private async Task WatchAsync(IAudioSource source)
    {
        var consumer = new DeviceClassifier(source, _plan, _classifier, _clock, r => _events.Writer.TryWrite(new ClassificationWatchEvent(r)));
        var status = ForwardStatusAsync(source);
        try
        {
            await consumer.RunAsync().ConfigureAwait(false);
        }
        catch
        {
            Stop(); // one source failing ends the whole watch rather than leaving it half-running
            throw;
        }
        await status.ConfigureAwait(false);
    }

    private async Task ForwardStatusAsync(IAudioSource source)
    {
        await foreach (var status in source.StatusUpdates.ReadAllAsync().ConfigureAwait(false))
        {
            if (status.State is CaptureState.DeviceLost or CaptureState.ReopenFailed or CaptureState.Reopened)
                _events.Writer.TryWrite(new ClassificationWatchEvent(Status: status));
        }
    }
}
