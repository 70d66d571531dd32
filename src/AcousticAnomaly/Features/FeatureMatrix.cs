namespace AcousticAnomaly.Features;

/// <summary>
/// A dense row-major float matrix: one row per feature vector (or per spectrogram frame), stored in ONE array so a
/// whole clip's vectors are a single allocation and a row is a span, not a copy. <see cref="ToArrays"/> gives the
/// jagged float[][] form when a consumer wants it.
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(int rows, int columns)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Row count cannot be negative.");
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Column count must be positive.");
        Rows = rows;
        Columns = columns;
        Data = new float[checked(rows * columns)];
    }

    /// <summary>Wraps existing row-major data (not copied).</summary>
    public FeatureMatrix(float[] data, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Column count must be positive.");
        if (data.Length % columns != 0) throw new ArgumentException($"{data.Length} values are not whole rows of {columns}.", nameof(data));
        Data = data;
        Columns = columns;
        Rows = data.Length / columns;
    }

    /// <summary>Wraps existing row-major data (not copied), checking it holds exactly rows x columns values.</summary>
    public FeatureMatrix(float[] data, int rows, int columns)
        : this(data, columns)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "Row count cannot be negative.");
        if ((long)rows * columns != data.Length)
            throw new ArgumentException($"Data holds {data.Length} values but {rows} x {columns} = {(long)rows * columns} are needed.", nameof(data));
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

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>All values, row after row: element (r, c) is Data[r * Columns + c].</summary>
    public float[] Data { get; }

    public float this[int row, int column] => Data[row * Columns + column];

    public ReadOnlySpan<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    internal Span<float> RowSpan(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>Copies the rows out as float[][].</summary>
    public float[][] ToArrays()
    {
        var rows = new float[Rows][];
        for (int r = 0; r < Rows; r++) rows[r] = Row(r).ToArray();
        return rows;
    }
}
