using System.Globalization;

namespace AcousticAnomaly.Streaming;

/// <summary>One device's totals at the end of a watch.</summary>
/// <param name="Device">The device.</param>
/// <param name="Windows">Windows scored.</param>
/// <param name="Anomalies">Windows whose Score exceeded the threshold.</param>
/// <param name="Events">Anomaly events reported (after debounce and cooldown).</param>
/// <param name="FramesCaptured">Frames received and processed (what Duration counts).</param>
/// <param name="FramesLost">Frames lost (gaps in the frame counter: a full queue or a device outage).</param>
/// <param name="EvidenceFiles">FLAC files written for events.</param>
/// <param name="RecordedFiles">WAV segments recorded.</param>
public sealed record DeviceWatchSummary(string Device, long Windows, long Anomalies, long Events, long FramesCaptured,
    long FramesLost, int EvidenceFiles, int RecordedFiles)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Device}: {Windows} windows, {Anomalies} anomalous, {Events} events, {FramesCaptured} frames captured, {FramesLost} lost, {EvidenceFiles} evidence files, {RecordedFiles} recorded files");
}

/// <summary>Totals of a whole watch, per device.</summary>
/// <param name="Devices">One entry per device, in the order given.</param>
/// <param name="Elapsed">Wall-clock time from start to the last file finalised.</param>
public sealed record WatchSummary(IReadOnlyList<DeviceWatchSummary> Devices, TimeSpan Elapsed)
{
    /// <summary>One line per device, for verbose output and the CLI's stderr.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Devices.Select(d => d.ToString()))
        + string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}elapsed {Elapsed.TotalSeconds:0.###} s");
}
