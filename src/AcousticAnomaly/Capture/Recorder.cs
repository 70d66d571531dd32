using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace AcousticAnomaly.Capture;

/// <summary>
/// Records several devices at once into WAV files (one capture session and one consumer per device) and yields each
/// file as it is finalised. Cancelling the token stops capture; the blocks already captured are still written and
/// every open file is finalised before the enumeration ends, so nothing is left half-written.
/// </summary>
public static class Recorder
{
    /// <summary>
    /// Starts every device (an unknown, busy or unsuitable device throws <see cref="AudioDeviceException"/> before any
    /// file is written), then yields finished files. <paramref name="onStatus"/> hears device outages and recoveries;
    /// it runs on the enumerating thread, so a cmdlet may write warnings from it.
    /// </summary>
    public static async IAsyncEnumerable<RecordingSegment> RecordAsync(RecordingOptions options,
        Action<CaptureStatus>? onStatus = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        var sessions = StartAll(options);
        var merged = Channel.CreateUnbounded<(RecordingSegment? Segment, CaptureStatus? Status)>();
        var stopAll = () => { foreach (var s in sessions) s.RequestStop(); };
        using var registration = cancellationToken.Register(stopAll);
        var workers = sessions.Select(s => Task.Run(() => RecordDeviceAsync(s, options, merged.Writer)))
            .Concat(sessions.Select(s => Task.Run(() => ForwardStatusAsync(s, merged.Writer))))
            .ToList();
        _ = Task.WhenAll(workers).ContinueWith(t => merged.Writer.TryComplete(t.Exception?.GetBaseException()),
            TaskScheduler.Default);
        try
        {
            // No token here: after cancellation the remaining files must still be finalised and reported.
            await foreach (var item in merged.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (item.Segment is not null) yield return item.Segment;
                else onStatus?.Invoke(item.Status!);
            }
        }
        finally
        {
            // Also reached when the caller stops enumerating early: stop capture, let every consumer finalise.
            stopAll();
            try { await Task.WhenAll(workers).ConfigureAwait(false); }
            catch (Exception) when (merged.Reader.Completion.IsFaulted) { /* already surfaced by the enumeration */ }
            foreach (var s in sessions) s.Dispose();
        }
    }

    private static List<CaptureSession> StartAll(RecordingOptions options)
    {
        var sessions = new List<CaptureSession>();
        try
        {
            foreach (var device in options.Devices)
            {
                var session = CaptureSession.Start(device, options.EffectiveCapture);
                if (sessions.Any(s => s.Device.Index == session.Device.Index))
                {
                    session.Dispose();
                    throw new ArgumentException($"Device '{session.Device.Name}' is listed twice (as '{device}').");
                }
                sessions.Add(session);
            }
            return sessions;
        }
        catch
        {
            foreach (var s in sessions) s.Dispose();
            throw;
        }
    }

    private static async Task RecordDeviceAsync(CaptureSession session, RecordingOptions options,
        ChannelWriter<(RecordingSegment?, CaptureStatus?)> output)
    {
        var cutter = new SegmentCutter(options, session.Device.Name,
            path => new WavSegmentWriter(path, options.SampleRate, options.Channels, options.Format),
            segment => output.TryWrite((segment, null)));
        try
        {
            await foreach (var block in session.Blocks.ReadAllAsync().ConfigureAwait(false))
            {
                if (!cutter.Add(block)) break; // duration reached
            }
        }
        finally
        {
            session.RequestStop();
            cutter.Complete();
        }
    }

    private static async Task ForwardStatusAsync(CaptureSession session, ChannelWriter<(RecordingSegment?, CaptureStatus?)> output)
    {
        await foreach (var status in session.StatusUpdates.ReadAllAsync().ConfigureAwait(false))
        {
            if (status.State is CaptureState.DeviceLost or CaptureState.ReopenFailed or CaptureState.Reopened)
            {
                output.TryWrite((null, status));
            }
        }
    }
}
