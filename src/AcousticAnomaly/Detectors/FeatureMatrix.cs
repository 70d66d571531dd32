namespace AcousticAnomaly.Detectors;

/// <summary>
/// A dense row-major float32 matrix: one feature vector per row, <see cref="Columns"/> values each, stored back to back
/// in <see cref="Data"/> (row r starts at r * Columns). One contiguous array instead of float[][] because detectors read
/// thousands of 640-value vectors: a single allocation, no per-row object headers, and rows can be handed out as spans.
/// The data array is shared, not copied; callers must not mutate it while a detector is using the matrix.
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(float[] data, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Row count must not be negative.");
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Column count must be at least 1.");
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"Data holds {data.Length} values but {rows} x {columns} = {(long)rows * columns} are needed.", nameof(data));
        Data = data;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Row-major values, length Rows * Columns.</summary>
    public float[] Data { get; }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Row <paramref name="row"/> as a span over the shared data.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        return new ReadOnlySpan<float>(Data, row * Columns, Columns);
    }

    /// <summary>Copies jagged rows into one matrix; every row must have the same, non-zero length.</summary>
    public static FeatureMatrix FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("At least one row is needed to know the column count.", nameof(rows));
        var columns = rows[0]?.Length ?? throw new ArgumentException("Row 0 is null.", nameof(rows));
        if (columns == 0) throw new ArgumentException("Rows must not be empty.", nameof(rows));
        var data = new float[checked(rows.Count * columns)];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r] ?? throw new ArgumentException($"Row {r} is null.", nameof(rows));
            if (row.Length != columns)
                throw new ArgumentException($"Row {r} has {row.Length} values; row 0 has {columns}.", nameof(rows));
            row.CopyTo(data, r * columns);
        }
        return new FeatureMatrix(data, rows.Count, columns);
    }
}
