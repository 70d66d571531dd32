namespace AcousticAnomaly.Audio;

/// <summary>WAVE format tags: the two we decode and the names of common ones we refuse, so errors say what the file is.</summary>
internal static class WavFormatTag
{
    public const ushort Pcm = 0x0001;
    public const ushort IeeeFloat = 0x0003;
    public const ushort Extensible = 0xFFFE;

    /// <summary>Bytes 2..15 shared by every KSDATAFORMAT_SUBTYPE GUID derived from a format tag
    /// (xxxxxxxx-0000-0010-8000-00AA00389B71, stored little-endian: the tag sits in the first two bytes).</summary>
    public static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static string Name(ushort tag) => tag switch
    {
        0x0000 => "unknown",
        Pcm => "PCM",
        0x0002 => "Microsoft ADPCM",
        IeeeFloat => "IEEE float",
        0x0006 => "A-law",
        0x0007 => "mu-law",
        0x0011 => "IMA ADPCM",
        0x0022 => "TrueSpeech",
        0x0031 => "GSM 6.10",
        0x0040 => "G.721 ADPCM",
        0x0050 => "MPEG",
        0x0055 => "MP3",
        0x00FF => "AAC",
        0x0160 or 0x0161 or 0x0162 or 0x0163 => "Windows Media Audio",
        0x1610 => "HE-AAC",
        0x2000 => "AC-3",
        0x2001 => "DTS",
        0x674F or 0x6750 or 0x6751 or 0x676F or 0x6770 or 0x6771 => "Ogg Vorbis",
        0xF1AC => "FLAC",
        Extensible => "WAVE_FORMAT_EXTENSIBLE",
        _ => "unrecognised",
    };
}
