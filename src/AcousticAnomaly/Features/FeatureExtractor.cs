using System.Buffers;
using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Features;

/// <summary>
/// The one feature service: audio + <see cref="FeatureSettings"/> -> feature vectors, as rows of a <see cref="FeatureMatrix"/>.
/// <list type="bullet">
/// <item>LogMelFrames: one row per frame step, n_frames - Frames + 1 rows of MelBands * Frames values, frame-major like the
/// DCASE baseline: row[t][f * MelBands + m] = logmel[t + f][m].</item>
/// <item>LogMelStats: one row, per-band mean then per-band population standard deviation over the frames.</item>
/// <item>MfccStats: one row, per-coefficient mean then population standard deviation.</item>
/// </list>
/// Multi-channel audio is reduced per ChannelMode/Channel and resampled to SampleRate first. The log-mel is
/// 10 * log10(max(mel, LogFloor)) with the STFT, mel and log computed in double and the result stored as float (the
/// float rounding, about 1e-6 dB at 0 dB, is far below the 0.01 dB the reference tests allow). Thread-safe; long clips
/// are split across cores by frame blocks.
/// </summary>
public sealed class FeatureExtractor
{
    /// <summary>The default log floor (<see cref="FeatureSettings.DefaultLogFloor"/>); the extractor uses its settings' own.</summary>
    public const double LogFloor = FeatureSettings.DefaultLogFloor;

    /// <summary>Below this many frames the work is done on the calling thread (splitting would cost more than it saves).</summary>
    private const int ParallelMinFrames = 128;
    private const int FramesPerBlock = 32;

    private readonly PowerSpectrogram _spectrogram;
    private readonly Mfcc? _mfcc;
    private readonly int _maxDegreeOfParallelism;

    /// <param name="settings">Validated here; see <see cref="FeatureSettings.Validate"/>.</param>
    /// <param name="maxDegreeOfParallelism">Threads per clip; 1 keeps each call on its thread (for callers that parallelise
    /// across clips themselves), -1 uses all cores.</param>
    public FeatureExtractor(FeatureSettings settings, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 (all cores) or a positive count.");
        Settings = settings;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
        _spectrogram = new PowerSpectrogram(settings.FftSize, settings.HopLength, settings.Center, settings.Power, settings.Window, settings.PadMode);
        Filterbank = new MelFilterbank(settings.SampleRate, settings.FftSize, settings.MelBands, settings.FMin, settings.EffectiveFMax,
            settings.MelScale, settings.MelNorm);
        if (settings.FeatureSet is FeatureSet.MfccStats or FeatureSet.MfccImage) _mfcc = new Mfcc(settings.MelBands, settings.MfccCount);
    }

    public FeatureSettings Settings { get; }
    public MelFilterbank Filterbank { get; }

    /// <summary>Log-mel frames produced from <paramref name="samples"/> mono samples at Settings.SampleRate.</summary>
    public int FrameCount(long samples) => _spectrogram.FrameCount(samples);

    /// <summary>Feature vectors (rows) produced from <paramref name="samples"/> mono samples at Settings.SampleRate.</summary>
    public int VectorCount(long samples)
    {
        int frames = FrameCount(samples);
        if (samples <= 0 || frames <= 0) return 0;
        return Settings.FeatureSet == FeatureSet.LogMelFrames ? Math.Max(0, frames - Settings.Frames + 1) : 1;
    }

    /// <summary>The fewest mono samples at Settings.SampleRate that give at least one vector.</summary>
    public long MinimumSamples
    {
        get
        {
            long framesNeeded = Settings.FeatureSet == FeatureSet.LogMelFrames ? Settings.Frames : 1;
            long min = (framesNeeded - 1) * Settings.HopLength + (Settings.Center ? 0 : Settings.FftSize);
            return Math.Max(1, min);
        }
    }

    /// <summary>Applies the channel mode and resamples to Settings.SampleRate: the mono signal features are computed on.</summary>
    public float[] ToMono(AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var mono = new float[audio.Frames];
        MixToMono(audio.Samples, audio.Channels, mono);
        return audio.SampleRate == Settings.SampleRate ? mono : Resampler.Resample(mono, audio.SampleRate, Settings.SampleRate);
    }

    /// <summary>The channel rule alone (no resampling), into <paramref name="mono"/>: one value per frame.</summary>
    internal void MixToMono(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        if (Settings.ChannelMode == ChannelMode.Select) ChannelMixer.SelectChannel(interleaved, channels, Settings.Channel, mono);
        else ChannelMixer.Average(interleaved, channels, mono);
    }

    /// <summary>ToMono for internal read-only use: a mono clip at the right rate is used in place, not copied.</summary>
    private float[] MonoView(AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return audio.Channels == 1 && audio.SampleRate == Settings.SampleRate ? audio.Samples : ToMono(audio);
    }

    /// <summary>Feature vectors of a clip in any format (channel mode and resampling applied first).</summary>
    public FeatureMatrix Extract(AudioBuffer audio)
    {
        var mono = MonoView(audio);
        CheckLength(mono.Length, audio.SampleRate == Settings.SampleRate ? null : audio);
        return ExtractFrom(mono, mono);
    }

    /// <summary>
    /// Feature vectors of mono samples already at Settings.SampleRate - the streaming entry: the live watcher calls it
    /// on each sliding window.
    /// </summary>
    public FeatureMatrix Extract(ReadOnlySpan<float> mono)
    {
        CheckLength(mono.Length, null);
        // Parallel work needs an array (spans cannot cross threads); copying is cheap next to the FFTs.
        bool parallel = FrameCount(mono.Length) >= ParallelMinFrames && _maxDegreeOfParallelism != 1;
        return parallel ? ExtractFrom(mono, mono.ToArray()) : ExtractFrom(mono, null);
    }

    /// <summary>
    /// As <see cref="Extract(ReadOnlySpan{float})"/> on the calling thread, with all working memory - and the returned
    /// matrix - taken from <paramref name="workspace"/>: the result is valid until the workspace's next use. For a
    /// caller scoring equal-length windows over and over, which then allocates nothing per window.
    /// </summary>
    public FeatureMatrix Extract(ReadOnlySpan<float> mono, FeatureWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.Owner != this) throw new ArgumentException("The workspace was made by another feature extractor.", nameof(workspace));
        CheckLength(mono.Length, null);
        int frames = FrameCount(mono.Length), bands = Settings.MelBands;
        var logMel = workspace.LogMelBuffer(frames * bands);
        LogMelInto(mono, logMel, frames, workspace.Scratch);
        return workspace.Result = FromLogMel(logMel.AsSpan(0, frames * bands), frames, workspace.Result, workspace);
    }

    /// <summary>Working memory for repeated <see cref="Extract(ReadOnlySpan{float}, FeatureWorkspace)"/> calls on one thread.</summary>
    public FeatureWorkspace CreateWorkspace() => new(this, new FrameScratch(this));

    /// <summary>The log-mel matrix [frame][band] of a clip (for spectrogram images and custom features).</summary>
    public FeatureMatrix LogMel(AudioBuffer audio)
    {
        var mono = MonoView(audio);
        if (FrameCount(mono.Length) == 0 || mono.Length == 0) throw TooShort(mono.Length, LogMelMinimum, "one log-mel frame", audio);
        return LogMelCore(mono);
    }

    /// <summary>The log-mel matrix [frame][band] of mono samples at Settings.SampleRate.</summary>
    public FeatureMatrix LogMel(ReadOnlySpan<float> mono)
    {
        if (FrameCount(mono.Length) == 0 || mono.Length == 0) throw TooShort(mono.Length, LogMelMinimum, "one log-mel frame", null);
        // Parallel work needs an array (spans cannot cross threads); copying is cheap next to the FFTs.
        return FrameCount(mono.Length) >= ParallelMinFrames && _maxDegreeOfParallelism != 1
            ? LogMelCore(mono.ToArray())
            : LogMelSequential(mono);
    }

    /// <summary>MFCC matrix [frame][coefficient] (MfccCount coefficients) of mono samples at Settings.SampleRate.</summary>
    public FeatureMatrix Mfcc(ReadOnlySpan<float> mono) =>
        (_mfcc ?? new Mfcc(Settings.MelBands, Settings.MfccCount)).Transform(LogMel(mono));

    /// <summary>
    /// DCASE stacking: row t = log-mel frames t .. t + frames - 1 laid end to end (frame-major), which in the row-major
    /// log-mel matrix is simply the contiguous slice starting at frame t.
    /// </summary>
    public static FeatureMatrix StackFrames(FeatureMatrix logMel, int frames)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        return StackFrames(logMel.Data, logMel.Columns, frames);
    }

    internal static FeatureMatrix StackFrames(ReadOnlySpan<float> logMel, int bands, int frames, FeatureMatrix? reuse = null)
    {
        if (frames <= 0) throw new ArgumentOutOfRangeException(nameof(frames), frames, "Frames must be positive.");
        int rows = Math.Max(0, logMel.Length / bands - frames + 1), width = bands * frames;
        // Every value is written below, so skip zeroing the (typically large-object-heap) array first.
        var result = reuse is { } r && r.Rows == rows && r.Columns == width
            ? r
            : new FeatureMatrix(GC.AllocateUninitializedArray<float>(checked(rows * width)), rows, width);
        for (int t = 0; t < rows; t++) logMel.Slice(t * bands, width).CopyTo(result.RowSpan(t));
        return result;
    }

    /// <summary>Per-column mean then per-column population standard deviation, as one row (computed in double).</summary>
    public static FeatureMatrix MeanAndStd(FeatureMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return MeanAndStd(matrix.Data, matrix.Columns, reuse: null, workspace: null);
    }

    private static FeatureMatrix MeanAndStd(ReadOnlySpan<float> data, int c, FeatureMatrix? reuse, FeatureWorkspace? workspace)
    {
        int rows = data.Length / c;
        if (rows == 0) throw new ArgumentException("Cannot summarise an empty matrix.", nameof(data));
        double[] mean, sq;
        if (workspace is not null)
        {
            (mean, sq) = workspace.StatsBuffers(c);
            Array.Clear(mean);
            Array.Clear(sq);
        }
        else
        {
            mean = new double[c];
            sq = new double[c];
        }
        for (int r = 0; r < rows; r++)
        {
            var row = data.Slice(r * c, c);
            for (int j = 0; j < c; j++) mean[j] += row[j];
        }
        for (int j = 0; j < c; j++) mean[j] /= rows;
        for (int r = 0; r < rows; r++)
        {
            var row = data.Slice(r * c, c);
            for (int j = 0; j < c; j++)
            {
                double d = row[j] - mean[j];
                sq[j] += d * d;
            }
        }
        var result = reuse is { Rows: 1 } same && same.Columns == 2 * c ? same : new FeatureMatrix(1, 2 * c);
        for (int j = 0; j < c; j++)
        {
            result.Data[j] = (float)mean[j];
            result.Data[c + j] = (float)Math.Sqrt(sq[j] / rows);
        }
        return result;
    }

    /// <summary>
    /// Log-mel into a pooled buffer, then the feature set from it: the intermediate matrix of a long clip would otherwise
    /// be a fresh large-object-heap array per clip (measurably slower when many clips are processed).
    /// </summary>
    private FeatureMatrix ExtractFrom(ReadOnlySpan<float> mono, float[]? monoArray)
    {
        int frames = FrameCount(mono.Length), bands = Settings.MelBands;
        var logMel = ArrayPool<float>.Shared.Rent(frames * bands);
        try
        {
            if (monoArray is not null) LogMelInto(monoArray, logMel, frames);
            else LogMelInto(mono, logMel, frames);
            return FromLogMel(logMel.AsSpan(0, frames * bands), frames, reuse: null, workspace: null);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(logMel);
        }
    }

    /// <summary>The feature set's vectors from a clip's log-mel frames (into the workspace's buffers when given).</summary>
    private FeatureMatrix FromLogMel(ReadOnlySpan<float> logMel, int frames, FeatureMatrix? reuse, FeatureWorkspace? workspace)
    {
        int bands = Settings.MelBands;
        switch (Settings.FeatureSet)
        {
            case FeatureSet.LogMelFrames:
                return StackFrames(logMel, bands, Settings.Frames, reuse);
            case FeatureSet.LogMelStats:
                return MeanAndStd(logMel, bands, reuse, workspace);
            case FeatureSet.LogMelTwfr:
                return TwfrPooling.Pool(logMel, frames, bands, Settings.TwfrDecay, reuse);
            case FeatureSet.MfccStats:
                int k = _mfcc!.Coefficients;
                var mfcc = workspace?.MfccBuffer(frames * k) ?? new float[frames * k];
                for (int t = 0; t < frames; t++)
                    _mfcc.Transform(logMel.Slice(t * bands, bands), mfcc.AsSpan(t * k, k));
                return MeanAndStd(mfcc.AsSpan(0, frames * k), k, reuse, workspace);
            case FeatureSet.LogMelImage:
                return FixedImage(logMel, frames, bands, null, reuse);
            case FeatureSet.MfccImage:
                return FixedImage(logMel, frames, bands, _mfcc, reuse);
            default:
                throw new InvalidOperationException($"Unknown feature set {Settings.FeatureSet}.");
        }
    }

    /// <summary>The first FixedFrames frames (log-mel, or their MFCCs) as one row, zeros after the clip's last frame.</summary>
    private FeatureMatrix FixedImage(ReadOnlySpan<float> logMel, int frames, int bands, Mfcc? mfcc, FeatureMatrix? reuse)
    {
        int fixedFrames = Settings.FixedFrames, width = mfcc?.Coefficients ?? bands;
        var result = reuse is { Rows: 1 } same && same.Columns == fixedFrames * width ? same : new FeatureMatrix(1, fixedFrames * width);
        var row = result.RowSpan(0);
        int kept = Math.Min(frames, fixedFrames);
        for (int t = 0; t < kept; t++)
        {
            var source = logMel.Slice(t * bands, bands);
            if (mfcc is null) source.CopyTo(row.Slice(t * width, width));
            else mfcc.Transform(source, row.Slice(t * width, width));
        }
        row[(kept * width)..].Clear();
        return result;
    }

    private void CheckLength(long samples, AudioBuffer? source)
    {
        if (VectorCount(samples) < 1)
        {
            var what = Settings.FeatureSet == FeatureSet.LogMelFrames
                ? $"{Settings.FeatureSet} with Frames {Settings.Frames}, HopLength {Settings.HopLength}{(Settings.Center ? "" : $", FftSize {Settings.FftSize} (not centred)")}"
                : Settings.FeatureSet.ToString();
            throw TooShort(samples, MinimumSamples, what, source);
        }
    }

    private long LogMelMinimum => Settings.Center ? 1 : Settings.FftSize;

    private ClipTooShortException TooShort(long samples, long needed, string what, AudioBuffer? source) =>
        new(samples, needed, Settings.SampleRate, what, source?.SampleRate);

    private FeatureMatrix LogMelSequential(ReadOnlySpan<float> mono)
    {
        var result = new FeatureMatrix(FrameCount(mono.Length), Settings.MelBands);
        LogMelInto(mono, result.Data, result.Rows);
        return result;
    }

    private FeatureMatrix LogMelCore(float[] mono)
    {
        var result = new FeatureMatrix(FrameCount(mono.Length), Settings.MelBands);
        LogMelInto(mono, result.Data, result.Rows);
        return result;
    }

    /// <summary>Frames [0, frames) on the calling thread into dest (row-major, MelBands per frame).</summary>
    private void LogMelInto(ReadOnlySpan<float> mono, float[] dest, int frames, FrameScratch? scratch = null)
    {
        int bands = Settings.MelBands;
        scratch ??= new FrameScratch(this);
        for (int t = 0; t < frames; t++) LogMelFrame(mono, t, dest.AsSpan(t * bands, bands), scratch);
    }

    /// <summary>As above, split across cores in blocks of frames when the clip is long enough to pay for it.</summary>
    private void LogMelInto(float[] mono, float[] dest, int frames)
    {
        if (frames < ParallelMinFrames || _maxDegreeOfParallelism == 1)
        {
            LogMelInto(mono.AsSpan(), dest, frames);
            return;
        }
        int bands = Settings.MelBands;
        int blocks = (frames + FramesPerBlock - 1) / FramesPerBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxDegreeOfParallelism };
        Parallel.For(0, blocks, options, () => new FrameScratch(this), (block, _, scratch) =>
        {
            int end = Math.Min(frames, (block + 1) * FramesPerBlock);
            for (int t = block * FramesPerBlock; t < end; t++) LogMelFrame(mono, t, dest.AsSpan(t * bands, bands), scratch);
            return scratch;
        }, _ => { });
    }

    private void LogMelFrame(ReadOnlySpan<float> mono, int t, Span<float> output, FrameScratch scratch)
    {
        _spectrogram.Frame(mono, t, scratch.Power, scratch.Spectrogram);
        Filterbank.Apply(scratch.Power, scratch.Mel);
        Decibels.FromPower(scratch.Mel, output, Settings.LogFloor);
    }

    /// <summary>Log-mel frame <paramref name="t"/> of a signal streamed in blocks: <paramref name="block"/> holds its
    /// samples from <paramref name="blockStart"/> on, including every sample of the frame inside the signal. Gives
    /// exactly the values of the whole-signal path (same samples, same arithmetic).</summary>
    internal void LogMelFrame(ReadOnlySpan<float> block, long blockStart, int t, Span<float> output, FrameScratch scratch)
    {
        _spectrogram.Frame(block, t, scratch.Power, scratch.Spectrogram, blockStart);
        Filterbank.Apply(scratch.Power, scratch.Mel);
        Decibels.FromPower(scratch.Mel, output, Settings.LogFloor);
    }

    internal FrameScratch CreateFrameScratch() => new(this);

    /// <summary>The feature set's vectors from a clip's log-mel frames (for a clip whose frames were streamed).</summary>
    internal FeatureMatrix VectorFromLogMel(ReadOnlySpan<float> logMel, int frames) => FromLogMel(logMel, frames, reuse: null, workspace: null);

    /// <summary>The MFCCs of one log-mel frame (MFCC feature sets only).</summary>
    internal void MfccFrame(ReadOnlySpan<float> logMel, Span<float> mfcc) => _mfcc!.Transform(logMel, mfcc);

    internal sealed class FrameScratch
    {
        public FrameScratch(FeatureExtractor owner)
        {
            Spectrogram = owner._spectrogram.CreateScratch();
            Power = new double[owner._spectrogram.Bins];
            Mel = new double[owner.Settings.MelBands];
        }

        public readonly PowerSpectrogram.Scratch Spectrogram;
        public readonly double[] Power;
        public readonly double[] Mel;
    }
}
