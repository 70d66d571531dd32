using AcousticAnomaly.Capture;
using AcousticAnomaly.Features;
using AcousticAnomaly.Network;

namespace AcousticAnomaly.Streaming;

/// <summary>What <see cref="ClassificationWatcher"/> listens to, how it slides its windows and which labels it reports.</summary>
public sealed record ClassificationWatchOptions : ILiveWatchOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static ClassificationWatchOptions Defaults { get; } = new() { ModelPath = "" };

    /// <summary>Classifiers are trained on about 1 s clips (the fixed-size inputs of our defaults: 63 frames of 256 at 16 kHz).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(1);

    /// <summary>Devices to watch at once (names, wildcards matching one device, or indices).</summary>
    public IReadOnlyList<string> Devices { get; init; } = Array.Empty<string>();

    /// <summary>The classifier .onnx (ours, or a foreign one with <see cref="Labels"/> and <see cref="Features"/>).</summary>
    public required string ModelPath { get; init; }

    /// <summary>Labels of a model made elsewhere, in output order.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>Feature settings of a model made elsewhere.</summary>
    public FeatureSettings? Features { get; init; }

    /// <summary>The model made elsewhere takes mono samples [N, S] at the sample rate of <see cref="Features"/>
    /// (YAMNet-style) instead of feature rows; a fixed S is also the default window.</summary>
    public bool RawAudio { get; init; }

    /// <summary>Audio classified at once; null = <see cref="DefaultWindow"/>.</summary>
    public TimeSpan? WindowDuration { get; init; }

    /// <summary>How far the window moves between results (default 0.5 s).</summary>
    public TimeSpan HopDuration { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>A label is an event only at or above this probability (default 0.6, as the users' live recognisers).</summary>
    public double MinProbability { get; init; } = 0.6;

    /// <summary>After an event of a label, that label is not an event again for this much audio (default 2 s).</summary>
    public TimeSpan HoldOff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Emit only events whose label differs from the last reported one (not every window).</summary>
    public bool ChangesOnly { get; init; }

    /// <summary>Audio to watch per device, counted in captured frames; null = until stopped.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Capture rate; null = the model's. Other rates are resampled as they arrive (as for files).</summary>
    public int? SampleRate { get; init; }

    /// <summary>Channels captured per device (default 1); reduced to mono by the model's channel rule.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Device-level settings (queue, reopen interval, speed limit); rate, channels, format and block size are set by the watcher.</summary>
    public CaptureOptions Capture { get; init; } = new();

    /// <summary>Also (or only) watch network senders: RTP L16 streams arriving on this address, each its own device.</summary>
    public RtpListenerOptions? Listen { get; init; }

    /// <summary>If set, every event's window (probability at least <see cref="MinProbability"/>, outside the label's
    /// hold-off) is written here as a 16-bit FLAC of exactly the classified samples, named after the device, the label
    /// and the window's start.</summary>
    public string? EvidenceDirectory { get; init; }

    /// <summary>If set, the captured audio is also recorded here as rolling WAV segments (the recorder's own writer).</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>Length of each recorded file with <see cref="RecordDirectory"/> (default 60 s).</summary>
    public TimeSpan RecordSegmentDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Low-disk guard of <see cref="RecordDirectory"/>: stop cleanly below this many free bytes; 0 = off;
    /// null = the recorder's default.</summary>
    public long? RecordMinFreeSpace { get; init; }

    /// <summary>With <see cref="Listen"/>: send each emitted result (label and probability) back to the sender it came from.</summary>
    public bool Reply { get; init; }

    /// <summary>If set, every emitted result is also published to an MQTT broker as JSON with its label and probability
    /// (with <see cref="ChangesOnly"/>: only the label changes).</summary>
    public MqttEventOptions? Mqtt { get; init; }

    internal void Validate()
    {
        if (Devices.Count == 0 && Listen is null) throw new ArgumentException("Give at least one device or a listen address.", nameof(Devices));
        if (WindowDuration is { } w && w <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WindowDuration), w, "The window must be positive.");
        if (HopDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HopDuration), HopDuration, "The hop must be positive.");
        if (MinProbability is < 0 or > 1 || double.IsNaN(MinProbability)) throw new ArgumentOutOfRangeException(nameof(MinProbability), MinProbability, "The minimum probability must be in [0, 1].");
        if (HoldOff < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HoldOff), HoldOff, "The hold-off cannot be negative.");
        if (Duration is { } d && d <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Duration), d, "The duration must be positive.");
        if (Reply && Listen is null) throw new ArgumentException("Reply needs a listen address.", nameof(Reply));
        if (RecordSegmentDuration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RecordSegmentDuration), RecordSegmentDuration, "The segment duration must be positive.");
        if (Channels <= 0) throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "The channel count must be positive.");
        if (SampleRate is <= 0) throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be positive.");
    }
}
