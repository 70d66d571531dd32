namespace AcousticAnomaly.Models;

/// <summary>How files are cut for scoring.</summary>
/// <param name="SegmentDuration">Score long files in consecutive segments of this length (one result each); null scores
/// each file as one clip, the DCASE way. Segments are read one at a time (memory for one segment, however long the
/// file) and each is preprocessed on its own, resampling included. A last piece too short for one feature vector joins
/// the segment before it.</param>
public sealed record PredictionOptions(TimeSpan? SegmentDuration = null)
{
    public void Validate()
    {
        if (SegmentDuration is { } d && d <= TimeSpan.Zero)
            throw new ArgumentException($"SegmentDuration must be positive (got {d}).", nameof(SegmentDuration));
    }
}
