namespace AcousticAnomaly.Onnx;

/// <summary>
/// A dense tensor in row-major order: the data of one element type plus its shape. Inputs may be Float or Int64;
/// outputs come back as Float, Double or Int64. The arrays are not copied on construction: do not change them while
/// a Run that uses them is in progress.
/// </summary>
public sealed class OnnxTensor
{
    private readonly Array _data;

    private OnnxTensor(OnnxElementType type, Array data, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor dimensions must be >= 0, got [{string.Join(", ", shape)}].", nameof(shape));
            count *= d;
        }
        if (count != data.LongLength)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} elements but the data has {data.LongLength}.", nameof(shape));
        ElementType = type;
        _data = data;
        Shape = shape;
    }

    public OnnxElementType ElementType { get; }
    public IReadOnlyList<long> Shape { get; }
    public long ElementCount => _data.LongLength;

    public static OnnxTensor FromFloat(float[] data, params long[] shape) => new(OnnxElementType.Float, data ?? throw new ArgumentNullException(nameof(data)), shape);
    public static OnnxTensor FromInt64(long[] data, params long[] shape) => new(OnnxElementType.Int64, data ?? throw new ArgumentNullException(nameof(data)), shape);
    public static OnnxTensor FromDouble(double[] data, params long[] shape) => new(OnnxElementType.Double, data ?? throw new ArgumentNullException(nameof(data)), shape);

    /// <summary>A [rows, columns] float tensor from a batch of equal-length vectors (copied into one row-major block).</summary>
    public static OnnxTensor FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("At least one row is needed to know the column count.", nameof(rows));
        var cols = rows[0].Length;
        var data = new float[(long)rows.Count * cols];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != cols) throw new ArgumentException($"Row {r} has {rows[r].Length} values, row 0 has {cols}.", nameof(rows));
            rows[r].CopyTo(data, (long)r * cols);
        }
        return FromFloat(data, rows.Count, cols);
    }

    /// <summary>The data as float: Float as is, Double narrowed (a copy). Int64 is refused rather than silently converted.</summary>
    public float[] AsFloat() => _data switch
    {
        float[] f => f,
        double[] d => Array.ConvertAll(d, v => (float)v),
        _ => throw new InvalidOperationException($"Tensor holds {ElementType}, not floating point."),
    };

    public double[] AsDouble() => _data switch
    {
        double[] d => d,
        float[] f => Array.ConvertAll(f, v => (double)v),
        _ => throw new InvalidOperationException($"Tensor holds {ElementType}, not floating point."),
    };

    public long[] AsInt64() => _data as long[] ?? throw new InvalidOperationException($"Tensor holds {ElementType}, not Int64.");

    internal Array RawData => _data;
}
