namespace AcousticAnomaly.Audio.Flac;

/// <summary>Readable text for libFLAC's status enums (values from FLAC/stream_encoder.h and stream_decoder.h, 1.4).</summary>
internal static class FlacStatusText
{
    /// <summary>FLAC__STREAM_ENCODER_VERIFY_MISMATCH_IN_AUDIO_DATA: the state whose details name the sample that differed.</summary>
    public const int EncoderVerifyMismatch = 4;

    public static string EncoderState(int state) => state switch
    {
        0 => "OK",
        1 => "encoder not initialised",
        2 => "Ogg layer error",
        3 => "verify decoder error",
        EncoderVerifyMismatch => "verify mismatch: the decoded audio differs from the input",
        5 => "client error",
        6 => "I/O error (disk full, or the file cannot be written)",
        7 => "framing error (a sample does not fit the bit depth?)",
        8 => "out of memory",
        _ => $"encoder state {state}",
    };

    public static string EncoderInitStatus(int status) => status switch
    {
        0 => "OK",
        1 => "encoder error",
        2 => "unsupported container",
        3 => "invalid callbacks",
        4 => "invalid number of channels",
        5 => "invalid bits per sample",
        6 => "invalid sample rate",
        7 => "invalid block size",
        8 => "invalid max LPC order",
        9 => "invalid QLP coefficient precision",
        10 => "block size too small for LPC order",
        11 => "settings are not streamable (Subset)",
        12 => "invalid metadata",
        13 => "already initialised",
        _ => $"init status {status}",
    };

    public static string DecoderError(int status) => status switch
    {
        0 => "lost sync (garbage where a frame should start)",
        1 => "bad frame header",
        2 => "frame CRC mismatch",
        3 => "unparseable stream",
        4 => "bad metadata",
        _ => $"decoder error {status}",
    };

    public static string DecoderState(int state) => state switch
    {
        0 => "searching for metadata",
        1 => "reading metadata",
        2 => "searching for frame sync",
        3 => "reading frame",
        4 => "end of stream",
        5 => "Ogg layer error",
        6 => "seek error",
        7 => "aborted",
        8 => "out of memory",
        9 => "decoder not initialised",
        _ => $"decoder state {state}",
    };

    public static string DecoderInitStatus(int status) => status switch
    {
        0 => "OK",
        1 => "unsupported container",
        2 => "invalid callbacks",
        3 => "out of memory",
        4 => "the file cannot be opened",
        5 => "already initialised",
        _ => $"init status {status}",
    };
}
