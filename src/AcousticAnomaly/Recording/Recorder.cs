using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AcousticAnomaly.Capture;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.Recording;

/// <summary>
/// Records several devices at once into WAV files: one capture session and one consumer per device. Stopping (or
/// cancelling) ends capture; the blocks already captured are still written and every open file is finalised before
/// the events end, so nothing is left half-written.
/// </summary>
public static class Recorder
{
    /// <summary>
    /// Starts every device and returns the running recording. An unknown, busy or unsuitable device throws
    /// <see cref="AudioDeviceException"/> here, before any file is written. Drain <see cref="DeviceRun{TEvent}.Events"/>
    /// on whatever thread must see the results (a cmdlet drains it on its pipeline thread).
    /// </summary>
    public static RecordingRun Start(RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        return new RecordingRun(options);
    }

    /// <summary>
    /// The same as <see cref="Start"/> as an async stream of finished files. <paramref name="onStatus"/> hears device
    /// outages and recoveries as the enumeration meets them.
    /// </summary>
    public static async IAsyncEnumerable<RecordingSegment> RecordAsync(RecordingOptions options,
        Action<CaptureStatus>? onStatus = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var run = Start(options);
        await foreach (var e in run.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.Segment is not null) yield return e.Segment;
            else onStatus?.Invoke(e.Status!);
        }
    }
}

/// <summary>Something a running recording reports: a finished file, or a device status change.</summary>
/// <param name="Segment">A finalised file, or null.</param>
/// <param name="Status">A device outage or recovery, or null.</param>
public sealed record RecordingEvent(RecordingSegment? Segment, CaptureStatus? Status);

/// <summary>A recording in progress: a <see cref="DeviceRun{TEvent}"/> whose consumers only record. Dispose stops it
/// and waits until every file is finalised.</summary>
public sealed class RecordingRun : DeviceRun<RecordingEvent>
{
    internal RecordingRun(RecordingOptions options)
        : base(options.Devices ?? Array.Empty<string>(), options.EffectiveCapture, options.Listen, "Recording", options)
    {
        // Each network sender is recorded like one more device, into its own files.
        Start(source => new SourceConsumer(source, options, Guard, 0, segment => Emit(new RecordingEvent(segment, null))).RunAsync,
            stopWhenIdle: options.Duration is not null);
    }

    private protected override RecordingEvent StatusEvent(CaptureStatus status) => new(null, status);
}
