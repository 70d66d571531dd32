using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;

namespace AcousticAnomaly.Plots;

/// <summary>
/// The columns of a spectrogram picture, built as log-mel frames stream in: one frame per column while they fit in
/// the width budget; each time they would not, neighbouring columns are merged pairwise (the louder value per band), so
/// memory holds at most the budget's columns whatever the file's length. A file within the budget gets exactly its
/// log-mel matrix (issue 15 item 13).
/// </summary>
internal sealed class SpectrogramColumns
{
    private readonly int _most;
    private readonly List<float[]> _columns = [];
    private int _group = 1, _inGroup;

    /// <summary><paramref name="maxWidth"/>: the picture's width budget in columns.</summary>
    public SpectrogramColumns(int maxWidth) => _most = Math.Max(2, maxWidth & ~1); // even: a merge halves the complete columns exactly

    /// <summary>The columns of a whole file, streamed (<see cref="StreamedLogMel"/>).</summary>
    /// <exception cref="AudioFileException">The file is unreadable or too short for one log-mel frame.</exception>
    public static float[][] Read(string path, FeatureExtractor extractor, int maxWidth)
    {
        using var reader = AudioFile.Open(path);
        var columns = new SpectrogramColumns(maxWidth);
        StreamedLogMel.Run(path, reader, extractor, columns.Add);
        return columns.Checked(path);
    }

    /// <summary>The columns; <see cref="AudioFileException"/> naming <paramref name="path"/> when there are none.</summary>
    public float[][] Checked(string path) => _columns.Count > 0
        ? _columns.ToArray()
        : throw new AudioFileException(path, "holds no audio to draw (too short for one log-mel frame)");

    /// <summary>The next log-mel frame (a StreamedLogMel.FrameHandler).</summary>
    public void Add(ReadOnlySpan<float> frame)
    {
        if (_inGroup == 0) _columns.Add(frame.ToArray());
        else MaxInto(_columns[^1], frame);
        if (++_inGroup < _group) return;
        _inGroup = 0;
        if (_columns.Count < _most) return;
        for (int i = 0; i < _most / 2; i++)
        {
            MaxInto(_columns[2 * i], _columns[2 * i + 1]);
            _columns[i] = _columns[2 * i];
        }
        _columns.RemoveRange(_most / 2, _columns.Count - _most / 2);
        _group *= 2;
    }

    private static void MaxInto(float[] column, ReadOnlySpan<float> other)
    {
        for (int b = 0; b < column.Length; b++) column[b] = Math.Max(column[b], other[b]);
    }
}
