using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models;

/// <summary>
/// <see cref="AnomalyModel.ScoreClip"/> for one caller scoring same-shaped clips over and over (the live watcher: one
/// per stream): the first clip is scored the ordinary way and shows the output's shape; from then on the model runs on
/// tensors bound once (<see cref="OnnxFixedRun"/>), so a window's score allocates nothing managed. A clip of another
/// shape rebinds; shapes the binding cannot serve (non-float outputs, more rows than one batch) take the ordinary path.
/// Gives exactly ScoreClip's values. One thread at a time.
/// </summary>
internal sealed class ClipScorer : IDisposable
{
    private readonly AnomalyModel _model;
    private OnnxFixedRun? _run;
    private int _rows = -1;
    private double[] _scores = Array.Empty<double>();

    public ClipScorer(AnomalyModel model) => _model = model;

    public double Score(FeatureMatrix vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (_run is null || vectors.Rows != _rows || vectors.Columns != _model.InputLength) return Bind(vectors);
        vectors.Data.AsSpan(0, _run.Input.Length).CopyTo(_run.Input);
        _run.Run();
        _model.ToScores(_run.Output, _run.Input, _rows, _scores);
        return Models.ClipPooling.Pool(_scores, _model.ClipTopK);
    }

    /// <summary>Scores the ordinary way and, when the output is a float tensor, binds tensors of these shapes.</summary>
    private double Bind(FeatureMatrix vectors)
    {
        _run?.Dispose();
        _run = null;
        _rows = -1;
        var (score, outputShape) = _model.ScoreClipWithShape(vectors);
        if (outputShape is not null)
        {
            _run = _model.BindFixedRun(vectors.Rows, outputShape);
            _rows = vectors.Rows;
            _scores = new double[vectors.Rows];
        }
        return score;
    }

    public void Dispose()
    {
        _run?.Dispose();
        _run = null;
    }
}
