namespace AcousticAnomaly.Features;

/// <summary>
/// MFCCs from log-mel frames: the orthonormal DCT-II over the bands, first <see cref="Coefficients"/> outputs
/// (librosa.feature.mfcc(S=log_mel, dct_type=2, norm='ortho')). The basis is precomputed in double.
/// </summary>
public sealed class Mfcc
{
    private readonly double[] _basis; // [coefficient][band]

    public Mfcc(int melBands, int coefficients)
    {
        if (melBands <= 0) throw new ArgumentOutOfRangeException(nameof(melBands), melBands, "Mel band count must be positive.");
        if (coefficients <= 0 || coefficients > melBands)
            throw new ArgumentOutOfRangeException(nameof(coefficients), coefficients, $"MFCC count must be between 1 and the mel band count ({melBands}).");
        Bands = melBands;
        Coefficients = coefficients;
        _basis = new double[coefficients * melBands];
        for (int k = 0; k < coefficients; k++)
        {
            double scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / melBands);
            for (int n = 0; n < melBands; n++)
                _basis[k * melBands + n] = scale * Math.Cos(Math.PI * k * (2 * n + 1) / (2.0 * melBands));
        }
    }

    public int Bands { get; }
    public int Coefficients { get; }

    /// <summary>One frame: <paramref name="logMel"/> has Bands values, <paramref name="mfcc"/> receives Coefficients values.</summary>
    public void Transform(ReadOnlySpan<float> logMel, Span<float> mfcc)
    {
        if (logMel.Length != Bands) throw new ArgumentException($"Expected {Bands} log-mel values, got {logMel.Length}.", nameof(logMel));
        if (mfcc.Length < Coefficients) throw new ArgumentException($"Output needs {Coefficients} values.", nameof(mfcc));
        for (int k = 0; k < Coefficients; k++)
        {
            var row = _basis.AsSpan(k * Bands, Bands);
            double acc = 0;
            for (int n = 0; n < Bands; n++) acc += row[n] * logMel[n];
            mfcc[k] = (float)acc;
        }
    }

    /// <summary>All frames of a [frames][Bands] log-mel matrix to a [frames][Coefficients] matrix.</summary>
    public FeatureMatrix Transform(FeatureMatrix logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        var result = new FeatureMatrix(logMel.Rows, Coefficients);
        for (int t = 0; t < logMel.Rows; t++) Transform(logMel.Row(t), result.RowSpan(t));
        return result;
    }
}
