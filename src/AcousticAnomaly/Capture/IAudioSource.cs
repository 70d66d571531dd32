using System.Threading.Channels;

namespace AcousticAnomaly.Capture;

/// <summary>
/// Something that delivers captured blocks like a device: a PortAudio <see cref="CaptureSession"/>, or one sender's
/// stream arriving over the network. The watcher and the recorder consume sources through this, so a network
/// microphone is scored and recorded exactly as a local one.
/// </summary>
public interface IAudioSource : IDisposable
{
    /// <summary>The source's name (the device name, or the network sender's name).</summary>
    string Name { get; }

    /// <summary>Blocks in order; a gap between one block's end and the next block's FrameIndex is lost audio.
    /// Completes when the source stops.</summary>
    ChannelReader<AudioBlock> Blocks { get; }

    /// <summary>State changes (lost, back, stopped). Completes when the source stops.</summary>
    ChannelReader<CaptureStatus> StatusUpdates { get; }

    /// <summary>Hands a block back for refilling (see <see cref="CaptureSession.Recycle"/>).</summary>
    void Recycle(AudioBlock block);

    /// <summary>Asks the source to stop without waiting; its queues complete once it has.</summary>
    void RequestStop();
}
