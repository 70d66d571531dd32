namespace AcousticAnomaly.Models.Neural;

/// <summary>
/// Layers run one after another, with one activation and one gradient buffer per layer sized for the largest batch
/// (allocated on first use, none per batch). The last layer's output are the logits.
/// </summary>
public sealed class SequentialNetwork
{
    private readonly Layer[] _layers;
    private float[][] _activations = [];
    private float[] _gradA = [], _gradB = [];
    private int _capacity;

    public SequentialNetwork(IReadOnlyList<Layer> layers, int maxDegreeOfParallelism = 1)
    {
        if (layers is null || layers.Count == 0) throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        for (int i = 1; i < layers.Count; i++)
            if (layers[i].InputSize != layers[i - 1].OutputSize)
                throw new ArgumentException($"Layer {i} ({layers[i].GetType().Name}) takes {layers[i].InputSize} values but layer {i - 1} gives {layers[i - 1].OutputSize}.", nameof(layers));
        _layers = layers.ToArray();
        var parallel = maxDegreeOfParallelism == 1 ? null : new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        foreach (var l in _layers) l.Parallel = parallel;
    }

    public IReadOnlyList<Layer> Layers => _layers;
    public int InputSize => _layers[0].InputSize;
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Every trainable array, layer by layer.</summary>
    public IReadOnlyList<Parameter> Parameters => _layers.SelectMany(l => l.Parameters).ToArray();

    /// <summary>Every array a model snapshot must keep: parameters, then buffers (running statistics).</summary>
    public IReadOnlyList<float[]> State => _layers.SelectMany(l => l.Parameters.Select(p => p.Value).Concat(l.Buffers)).ToArray();

    private void Ensure(int batch)
    {
        if (batch <= _capacity) return;
        _capacity = batch;
        _activations = _layers.Select(l => new float[batch * l.OutputSize]).ToArray();
        int widest = _layers.Max(l => Math.Max(l.InputSize, l.OutputSize));
        _gradA = new float[batch * widest];
        _gradB = new float[batch * widest];
        foreach (var l in _layers) l.Prepare(batch);
    }

    /// <summary>Runs the batch; the returned span (the logits) is valid until the next call.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch, bool training)
    {
        Ensure(batch);
        ReadOnlySpan<float> input = x[..(batch * InputSize)];
        for (int i = 0; i < _layers.Length; i++)
        {
            var y = _activations[i].AsSpan(0, batch * _layers[i].OutputSize);
            _layers[i].Forward(input, y, batch, training);
            input = y;
        }
        return input;
    }

    /// <summary>Backpropagates dLoss/dlogits through the batch Forward last ran (in training mode).</summary>
    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> outputGradient, int batch)
    {
        var dy = _gradA;
        var dx = _gradB;
        outputGradient[..(batch * OutputSize)].CopyTo(dy);
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            var layer = _layers[i];
            ReadOnlySpan<float> input = i == 0 ? x[..(batch * InputSize)] : _activations[i - 1].AsSpan(0, batch * layer.InputSize);
            layer.Backward(input, _activations[i].AsSpan(0, batch * layer.OutputSize), dy.AsSpan(0, batch * layer.OutputSize),
                dx.AsSpan(0, batch * layer.InputSize), batch, inputGradient: i > 0);
            (dy, dx) = (dx, dy);
        }
    }

    /// <summary>The output of layer <paramref name="index"/> from the last Forward.</summary>
    public ReadOnlySpan<float> Activation(int index, int batch) => _activations[index].AsSpan(0, batch * _layers[index].OutputSize);

    /// <summary>Copies of every state array (for early stopping's best epoch).</summary>
    public float[][] Snapshot() => State.Select(a => (float[])a.Clone()).ToArray();

    public void Restore(float[][] snapshot)
    {
        var state = State;
        if (snapshot.Length != state.Count) throw new ArgumentException("The snapshot belongs to another network.", nameof(snapshot));
        for (int i = 0; i < state.Count; i++) snapshot[i].CopyTo(state[i], 0);
    }
}
