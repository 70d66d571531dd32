using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Recording;

/// <summary>The sample format of recorded files.</summary>
public enum RecordingFormat
{
    /// <summary>16-bit PCM WAV (captured as 16-bit integers: bit-exact).</summary>
    Wav16,
    /// <summary>24-bit PCM WAV (captured as float, which holds 24 bits exactly).</summary>
    Wav24,
    /// <summary>32-bit float WAV.</summary>
    Float,
}

/// <summary>What <see cref="Recorder"/> records, where, and how it cuts the audio into files.</summary>
public sealed record RecordingOptions
{
    /// <summary>The defaults every adapter (cmdlet, CLI verb) shows and starts from; never re-typed there.</summary>
    public static RecordingOptions Defaults { get; } = new() { Devices = Array.Empty<string>(), OutputDirectory = "." };

    /// <summary>Devices to record at once (names, wildcards matching one device, or indices).</summary>
    public required IReadOnlyList<string> Devices { get; init; }

    /// <summary>Folder for the files; created if missing.</summary>
    public required string OutputDirectory { get; init; }

    public int SampleRate { get; init; } = 16000;
    public int Channels { get; init; } = 1;

    /// <summary>Audio to record per device, counted in captured frames (not wall-clock); null = until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Rolling files of this length, cut exactly at frame boundaries (no gap, no overlap); null = one file.</summary>
    public TimeSpan? SegmentDuration { get; init; }

    public RecordingFormat Format { get; init; } = RecordingFormat.Wav16;

    /// <summary>
    /// Low-disk guard: the recording stops cleanly (every file finalised, an error naming the folder) once the free
    /// space of the output folder's file system falls below this many bytes. Default 100 MB; 0 turns it off.
    /// </summary>
    public long MinFreeSpace { get; init; } = 100L * 1024 * 1024;

    /// <summary>
    /// Voice-activated recording: only sound at or above <see cref="SilenceThresholdDb"/> is kept. A file starts with
    /// the first loud 100 ms window and ends after <see cref="SilenceHold"/> of silence; files shorter than
    /// <see cref="MinimumDuration"/> are deleted.
    /// </summary>
    public bool SplitOnSilence { get; init; }

    /// <summary>RMS level (dB relative to full scale) below which a 100 ms window counts as silent. Default -50 dBFS.</summary>
    public double SilenceThresholdDb { get; init; } = -50;

    /// <summary>With <see cref="SplitOnSilence"/>: shorter sound files are discarded. Default 1 s.</summary>
    public TimeSpan MinimumDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Rolling files: audio between two outages (a device that reopens, gives a few milliseconds, fails again) shorter
    /// than this is not kept as a file of its own - its frames are counted as lost on the next file - so a failing
    /// device cannot litter the folder with tiny segments. The recording's last file is always kept. Default 1 s.
    /// </summary>
    public TimeSpan MinimumFragment { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>With <see cref="SplitOnSilence"/>: silence that ends a file. Default 0.5 s.</summary>
    public TimeSpan SilenceHold { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Fixed-length clip mode: every file is exactly this long (for training sets); an unfinished last clip (stop,
    /// cancellation, or lost frames in the middle) is deleted instead of kept. Excludes <see cref="SegmentDuration"/>.
    /// </summary>
    public TimeSpan? ClipDuration { get; init; }

    /// <summary>Device-level settings (block size, queue, reopen interval, speed limit); rate and channels come from here.</summary>
    public CaptureOptions Capture { get; init; } = new();

    /// <summary>Also (or only) record network senders: RTP L16 arriving here, each sender into its own files (16-bit
    /// WAV only, the format the network carries).</summary>
    public Network.RtpListenerOptions? Listen { get; init; }

    internal CaptureOptions EffectiveCapture => Capture with
    {
        SampleRate = SampleRate,
        Channels = Channels,
        SampleFormat = Format == RecordingFormat.Wav16 ? CaptureSampleFormat.Int16 : CaptureSampleFormat.Float32,
        MaxOutage = Capture.MaxOutage ?? Duration, // a device gone for good must not keep a --duration run alive for ever
    };

    internal long Frames(TimeSpan t) => (long)Math.Round(t.TotalSeconds * SampleRate);

    internal void Validate()
    {
        if ((Devices is null || Devices.Count == 0) && Listen is null) throw new ArgumentException("Give at least one device or a listen address.", nameof(Devices));
        if (Listen is not null && Format != RecordingFormat.Wav16) throw new ArgumentException("Network senders carry 16-bit audio: record them as 16-bit WAV.", nameof(Format));
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException("Give an output directory.", nameof(OutputDirectory));
        if (Duration is { } d && Frames(d) <= 0) throw new ArgumentOutOfRangeException(nameof(Duration), d, "The duration must be at least one frame.");
        if (SegmentDuration is { } s && Frames(s) <= 0) throw new ArgumentOutOfRangeException(nameof(SegmentDuration), s, "The segment duration must be at least one frame.");
        if (ClipDuration is { } c && Frames(c) <= 0) throw new ArgumentOutOfRangeException(nameof(ClipDuration), c, "The clip duration must be at least one frame.");
        if (ClipDuration is not null && SegmentDuration is not null)
            throw new ArgumentException("Give either a segment duration (rolling files) or a clip duration (fixed-length clips), not both.");
        if (SplitOnSilence && ClipDuration is not null)
            throw new ArgumentException("Split-on-silence and fixed-length clips cannot be combined.");
        if (MinimumDuration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinimumDuration), "The minimum duration cannot be negative.");
        if (MinimumFragment < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinimumFragment), "The minimum fragment cannot be negative.");
        if (MinFreeSpace < 0) throw new ArgumentOutOfRangeException(nameof(MinFreeSpace), MinFreeSpace, "The minimum free space cannot be negative.");
        if (SilenceHold < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SilenceHold), "The silence hold cannot be negative.");
        EffectiveCapture.Validate();
    }
}
