using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>Why a clip is not usable. A clip can have several reasons; <see cref="None"/> means it is valid.</summary>
[Flags]
public enum AudioFileProblem
{
    None = 0,
    /// <summary>Not a WAV or FLAC file, or its header is corrupt.</summary>
    Unreadable = 1,
    /// <summary>The file ends before the audio its header declares (an interrupted copy or recording).</summary>
    Truncated = 2,
    /// <summary>No samples at all.</summary>
    Empty = 4,
    /// <summary>The peak stays below the silence threshold.</summary>
    Silent = 8,
    /// <summary>Too many samples at full scale.</summary>
    Clipped = 16,
    /// <summary>NaN or infinite samples (float files only).</summary>
    NonFinite = 32,
    /// <summary>Another sample rate than the expected one.</summary>
    WrongSampleRate = 64,
}

/// <summary>The verdict on one audio file (one row of Test-AudioFile / <c>acoustic-anomaly check</c>).</summary>
/// <param name="Path">The file checked.</param>
/// <param name="IsValid">True when no problem was found.</param>
/// <param name="Reason">The problems found, comma separated ("" when valid).</param>
/// <param name="Detail">Human-readable detail for the first problem ("" when valid).</param>
/// <param name="Duration">Length of the audio read (zero when unreadable).</param>
/// <param name="Format">"WAV" or "FLAC" and the sample encoding, e.g. "WAV PCM 16-bit".</param>
/// <param name="SampleRate">Frames per second (0 when unreadable).</param>
/// <param name="Channels">Channels (0 when unreadable).</param>
/// <param name="PeakDb">Largest sample magnitude in dBFS (-Infinity for digital silence).</param>
/// <param name="RmsDb">RMS level over all samples in dBFS.</param>
/// <param name="ClippedSamples">Samples at or above the clip level.</param>
// Seconds as double: Export-Csv and ConvertTo-Json print a TimeSpan as text or a nested object (issue 9).
public sealed record AudioFileCheck(
    string Path, bool IsValid, string Reason, string Detail, double Duration, string Format, int SampleRate,
    int Channels, double PeakDb, double RmsDb, long ClippedSamples)
{
    internal static AudioFileCheck Unusable(string path, AudioFileProblem problem, string detail) =>
        new(path, false, problem.ToString(), detail, 0, "", 0, 0, double.NegativeInfinity, double.NegativeInfinity, 0);

    internal static string Describe(string path, AudioFormat format) =>
        (System.IO.Path.GetExtension(path).Equals(".flac", StringComparison.OrdinalIgnoreCase) ? "FLAC" : "WAV") + " " +
        (format.Encoding == SampleEncoding.Float ? "float" : "PCM") + " " + format.BitsPerSample + "-bit";
}
