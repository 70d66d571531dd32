using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>
/// Per-vector scores of stacked log-mel vectors (LogMelFrames) as the frames stream in: frames are stacked and scored
/// in the same <see cref="AnomalyModel.BatchRows"/> batches <see cref="AnomalyModel.ScoreVectors(FeatureMatrix)"/> uses on the whole
/// matrix, so every score equals the whole-file one; memory is one batch whatever the file's length (issue 15 item 13).
/// </summary>
internal sealed class StreamedVectorScores
{
    private readonly AnomalyModel _model;
    private readonly Action<double> _onScore;
    private readonly int _bands, _stack;
    // Log-mel frames not yet consumed: enough for one batch of vectors plus the frames they share with the next.
    private readonly float[] _logMel;
    private int _frames;
    private FeatureMatrix? _batch; // reused: a fresh array per batch would only grow the heap

    /// <summary><paramref name="onScore"/> receives the scores of vectors 0, 1, ... in order.</summary>
    public StreamedVectorScores(FeatureExtractor extractor, AnomalyModel model, Action<double> onScore)
    {
        _model = model;
        _onScore = onScore;
        _bands = extractor.Settings.MelBands;
        _stack = extractor.Settings.Frames;
        _logMel = new float[(AnomalyModel.BatchRows + _stack - 1) * _bands];
    }

    /// <summary>The next log-mel frame (a <see cref="StreamedLogMel.FrameHandler"/>).</summary>
    public void Add(ReadOnlySpan<float> frame)
    {
        frame.CopyTo(_logMel.AsSpan(_frames * _bands, _bands));
        if (++_frames == AnomalyModel.BatchRows + _stack - 1) Score(AnomalyModel.BatchRows);
    }

    /// <summary>Scores the vectors of the frames left after the last full batch.</summary>
    public void Finish()
    {
        int rest = _frames - _stack + 1;
        if (rest > 0) Score(rest);
    }

    private void Score(int rows)
    {
        _batch = FeatureExtractor.StackFrames(_logMel.AsSpan(0, (rows + _stack - 1) * _bands), _bands, _stack, _batch);
        foreach (var s in _model.ScoreVectors(_batch)) _onScore(s);
        int keep = _frames - rows;
        _logMel.AsSpan(rows * _bands, keep * _bands).CopyTo(_logMel);
        _frames = keep;
    }
}
