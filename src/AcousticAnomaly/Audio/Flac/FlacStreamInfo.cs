namespace AcousticAnomaly.Audio.Flac;

/// <summary>The STREAMINFO block of a FLAC file: the stream's shape, its length and the MD5 of the decoded audio.</summary>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">1 to 8.</param>
/// <param name="BitsPerSample">4 to 32.</param>
/// <param name="TotalSamples">Frames per channel; 0 when the encoder did not know it.</param>
/// <param name="Md5">MD5 of the decoded samples as 32 lowercase hex digits (all zeros when unset), as metaflac prints it.</param>
public sealed record FlacStreamInfo(int SampleRate, int Channels, int BitsPerSample, long TotalSamples, string Md5)
{
    /// <summary>Reads STREAMINFO from a file without decoding audio.</summary>
    public static FlacStreamInfo Read(string path)
    {
        using var reader = FlacReader.Open(path);
        return reader.StreamInfo;
    }
}
