namespace AcousticAnomaly.Features;

/// <summary>
/// Working memory for one caller that extracts features from window after window - the live watcher, once per hop and
/// stream. With it, <see cref="FeatureExtractor.Extract(ReadOnlySpan{float}, FeatureWorkspace)"/> allocates nothing once
/// the first window has sized the buffers: a long watch then produces no garbage from features at all, instead of the
/// FFT scratch, log-mel buffer and a 0.8 MB vector matrix per window. One thread at a time; made by
/// <see cref="FeatureExtractor.CreateWorkspace"/> and usable only with that extractor.
/// </summary>
public sealed class FeatureWorkspace
{
    internal FeatureWorkspace(FeatureExtractor owner, FeatureExtractor.FrameScratch scratch)
    {
        Owner = owner;
        Scratch = scratch;
    }

    internal FeatureExtractor Owner { get; }
    internal FeatureExtractor.FrameScratch Scratch { get; }

    /// <summary>Log-mel frames of the current window, row-major (grown to the largest window seen).</summary>
    internal float[] LogMel { get; private set; } = Array.Empty<float>();

    /// <summary>MFCC frames of the current window (MfccStats only).</summary>
    internal float[] Mfcc { get; private set; } = Array.Empty<float>();

    /// <summary>Per-column sums for the statistics feature sets.</summary>
    internal double[] Mean { get; private set; } = Array.Empty<double>();
    internal double[] Squares { get; private set; } = Array.Empty<double>();

    /// <summary>The vectors last returned; reused while windows keep their length.</summary>
    internal FeatureMatrix? Result { get; set; }

    internal float[] LogMelBuffer(int length) => LogMel.Length >= length ? LogMel : LogMel = new float[length];

    internal float[] MfccBuffer(int length) => Mfcc.Length >= length ? Mfcc : Mfcc = new float[length];

    internal (double[] Mean, double[] Squares) StatsBuffers(int columns)
    {
        if (Mean.Length != columns)
        {
            Mean = new double[columns];
            Squares = new double[columns];
        }
        return (Mean, Squares);
    }
}
