using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.ConvAutoencoder;

/// <summary>
/// A trained convolutional autoencoder: blocks of <see cref="Frames"/> log-mel frames x <see cref="MelBands"/> bands
/// (frame-major, as LogMelFrames stacks them) are mapped to [0, 1] with the training minimum and maximum, run through
/// 1-D convolutions over time (the bands are the channels: channel-last [frames][bands] is exactly the stacked vector),
/// and scored by the mean squared difference between the normalised block and its reconstruction.
/// </summary>
public sealed class ConvAutoencoderModel
{
    private const int ScoreBatch = 256;

    public ConvAutoencoderModel(SequentialNetwork network, int frames, int melBands, float minimum, float maximum)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputSize != frames * melBands || network.OutputSize != frames * melBands)
            throw new ArgumentException($"The network must map {frames} x {melBands} values to as many.", nameof(network));
        if (!(maximum > minimum)) throw new ArgumentException("The maximum must exceed the minimum.", nameof(maximum));
        (Network, Frames, MelBands, Minimum, Maximum) = (network, frames, melBands, minimum, maximum);
    }

    public SequentialNetwork Network { get; }
    public int Frames { get; }
    public int MelBands { get; }

    /// <summary>The smallest log-mel value of the training blocks (maps to 0).</summary>
    public float Minimum { get; }

    /// <summary>The largest log-mel value of the training blocks (maps to 1).</summary>
    public float Maximum { get; }

    public int InputLength => Frames * MelBands;

    /// <summary>(x - min) / (max - min), written the way the ONNX graph computes it (Sub then Div, in float).</summary>
    public void Normalise(ReadOnlySpan<float> x, Span<float> result)
    {
        float range = Maximum - Minimum;
        for (int i = 0; i < x.Length; i++) result[i] = (x[i] - Minimum) / range;
    }

    /// <summary>Per-block mean squared reconstruction error of the normalised block.</summary>
    public double[] ReconstructionErrors(FeatureMatrix vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Columns != InputLength)
            throw new ArgumentException($"The model reads {InputLength} values per vector ({Frames} frames x {MelBands} bands), got {vectors.Columns}.", nameof(vectors));
        var errors = new double[vectors.Rows];
        var input = new float[Math.Min(ScoreBatch, Math.Max(1, vectors.Rows)) * InputLength];
        for (int start = 0; start < vectors.Rows; start += ScoreBatch)
        {
            int batch = Math.Min(ScoreBatch, vectors.Rows - start);
            var x = input.AsSpan(0, batch * InputLength);
            Normalise(vectors.Data.AsSpan(start * InputLength, batch * InputLength), x);
            var y = Network.Forward(x, batch, training: false);
            MeanSquaredError.PerSample(y, x, InputLength, errors.AsSpan(start, batch));
        }
        return errors;
    }
}
