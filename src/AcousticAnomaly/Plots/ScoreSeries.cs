namespace AcousticAnomaly.Plots;

/// <summary>
/// The per-vector scores a report picture draws, gathered as they stream with memory capped (issue 15 item 13): every
/// score while they fit in the cap; past it, runs of scores are kept as their lowest and highest value in time order
/// (the runs doubling each time the cap fills), which is what a line a few hundred pixels wide can show. Within the cap
/// the series is exactly the scores.
/// </summary>
internal sealed class ScoreSeries(int cap = ScoreSeries.DefaultCap)
{
    /// <summary>Values kept at most: far more than the report's 400-pixel line can show twice.</summary>
    internal const int DefaultCap = 16384;

    private readonly int _cap = Math.Max(8, cap & ~3);
    private readonly List<double> _kept = [];
    private int _group = 1, _inGroup;
    private double _first, _second;

    public void Add(double score)
    {
        if (_group == 1)
        {
            _kept.Add(score);
        }
        else
        {
            // (_first, _second) = the run's lowest and highest so far, in the order they came.
            if (_inGroup == 0) (_first, _second) = (score, score);
            else if (score < Math.Min(_first, _second)) (_first, _second) = _first <= _second ? (Math.Max(_first, _second), score) : (_first, score);
            else if (score > Math.Max(_first, _second)) (_first, _second) = _first >= _second ? (Math.Min(_first, _second), score) : (_first, score);
            if (++_inGroup < _group) return;
            _kept.Add(_first);
            _kept.Add(_second);
            _inGroup = 0;
        }
        if (_kept.Count < _cap) return;
        // Each four values become the lowest and highest of them, in time order.
        for (int i = 0; i < _cap / 4; i++)
        {
            int lo = 4 * i, hi = 4 * i;
            for (int j = 4 * i + 1; j < 4 * i + 4; j++)
            {
                if (_kept[j] < _kept[lo]) lo = j;
                if (_kept[j] > _kept[hi]) hi = j;
            }
            (_kept[2 * i], _kept[2 * i + 1]) = (_kept[Math.Min(lo, hi)], _kept[Math.Max(lo, hi)]);
        }
        _kept.RemoveRange(_cap / 2, _kept.Count - _cap / 2);
        _group = _group == 1 ? 4 : 2 * _group;
    }

    /// <summary>The series (a run still open counts with what it has).</summary>
    public double[] ToArray() => _inGroup == 0 ? _kept.ToArray() : [.. _kept, _first, _second];
}
