using AcousticAnomaly.Capture;
using AcousticAnomaly.Models;
using AcousticAnomaly.Network;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Streaming;

/// <summary>What <see cref="StreamWatcher"/> listens to, how it slides its windows, and what it keeps.</summary>
public sealed record WatchOptions : ILiveWatchOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static WatchOptions Defaults { get; } = new() { Devices = Array.Empty<string>() };

    /// <summary>The DCASE clip length: models are trained on 10 s clips and their thresholds are clip-score thresholds.
    /// Our model metadata carries no clip length, so this is the default window for every model.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    /// <summary>Devices to watch at once (names, wildcards matching one device, or indices).</summary>
    public required IReadOnlyList<string> Devices { get; init; }

    /// <summary>The .onnx model to load (the watcher owns and disposes it). Give this or <see cref="Model"/>.</summary>
    public string? ModelPath { get; init; }

    /// <summary>An already loaded model (the caller keeps ownership). Give this or <see cref="ModelPath"/>.</summary>
    public AnomalyModel? Model { get; init; }

    /// <summary>With <see cref="ModelPath"/>: feature settings for a model made elsewhere and a threshold replacing the stored one.</summary>
    public ModelOverrides? Overrides { get; init; }

    /// <summary>Audio scored at once; null = <see cref="DefaultWindow"/>.</summary>
    public TimeSpan? WindowDuration { get; init; }

    /// <summary>How far the window moves between scores (default 1 s).</summary>
    public TimeSpan HopDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Emit only reported anomaly events (after <see cref="MinConsecutive"/> and <see cref="Cooldown"/>),
    /// not every window.</summary>
    public bool AnomalyOnly { get; init; }

    /// <summary>Debounce: an event is reported only once this many consecutive windows were anomalous (default 1).</summary>
    public int MinConsecutive { get; init; } = 1;

    /// <summary>After an event, no further event for this much audio (default none).</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.Zero;

    /// <summary>If set, every event's window is written here as a 16-bit FLAC of exactly the scored samples.</summary>
    public string? SaveAnomaliesDirectory { get; init; }

    /// <summary>If set, the captured audio is also recorded here as rolling WAV segments (the recorder's own writer).</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>Length of each recorded file with <see cref="RecordDirectory"/> (default 60 s).</summary>
    public TimeSpan RecordSegmentDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Low-disk guard of <see cref="RecordDirectory"/>: stop cleanly below this many free bytes; 0 = off;
    /// null = the recorder's default (<see cref="RecordingOptions.MinFreeSpace"/>).</summary>
    public long? RecordMinFreeSpace { get; init; }

    /// <summary>Audio to watch per device, counted in captured frames (not wall-clock); null = until stopped.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Capture rate; null = the model's analysis rate. Audio captured at another rate is resampled to the model's
    /// as it arrives (scipy resample_poly's filter, the same as for files), so a 48 kHz-only microphone works.</summary>
    public int? SampleRate { get; init; }

    /// <summary>Channels captured per device (default 1); reduced to mono by the model's channel rule.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Device-level settings (queue, reopen interval, speed limit). Rate, channels, sample format and block size
    /// are set by the watcher: 16-bit samples, and blocks that divide the hop so each window ends on a block boundary.</summary>
    public CaptureOptions Capture { get; init; } = new();

    /// <summary>Also (or only) watch network senders: RTP L16 streams arriving on this address, each watched as its own
    /// device (see <see cref="RtpListener"/>). Loopback unless an address is given.</summary>
    public RtpListenerOptions? Listen { get; init; }

    /// <summary>With <see cref="Listen"/>: send each emitted result back to the sender it came from.</summary>
    public bool Reply { get; init; }

    /// <summary>If set, every emitted result is also published to an MQTT broker (with <see cref="AnomalyOnly"/>:
    /// only the reported events).</summary>
    public MqttEventOptions? Mqtt { get; init; }

    internal void Validate()
    {
        if ((Devices is null || Devices.Count == 0) && Listen is null) throw new ArgumentException("Give at least one device or a listen address.", nameof(Devices));
        if (Reply && Listen is null) throw new ArgumentException("Reply needs a listen address.", nameof(Reply));
        if ((ModelPath is null) == (Model is null)) throw new ArgumentException("Give either a model path or a loaded model.", nameof(ModelPath));
        if (WindowDuration is { } w && w <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WindowDuration), w, "The window must be positive.");
        if (HopDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HopDuration), HopDuration, "The hop must be positive.");
        if (MinConsecutive < 1) throw new ArgumentOutOfRangeException(nameof(MinConsecutive), MinConsecutive, "MinConsecutive must be at least 1.");
        if (Cooldown < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Cooldown), Cooldown, "The cooldown cannot be negative.");
        if (Duration is { } d && d <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Duration), d, "The duration must be positive.");
        if (RecordMinFreeSpace < 0) throw new ArgumentOutOfRangeException(nameof(RecordMinFreeSpace), RecordMinFreeSpace, "The minimum free space cannot be negative.");
        if (RecordSegmentDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RecordSegmentDuration), RecordSegmentDuration, "The segment duration must be positive.");
        if (Channels <= 0) throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "The channel count must be positive.");
        if (SampleRate is <= 0) throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be positive.");
    }
}
