using AcousticAnomaly.Capture;

namespace AcousticAnomaly.Recording;

/// <summary>Where the recorder puts one file's samples. Dispose finalises the file (header sizes written).</summary>
internal interface ISegmentWriter : IDisposable
{
    /// <summary>Appends frames [offset, offset + frames) of the block.</summary>
    void Write(AudioBlock block, int offsetFrames, int frames);
}
