using System.Numerics;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models.Common;
using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.Autoencoder;

/// <summary>
/// Trains the DCASE dense autoencoder the way Keras' model.fit does in the baseline: Glorot-uniform kernels, zero
/// biases; every hidden layer Dense -> BatchNormalization (training mode: batch mean and biased batch variance; moving
/// statistics updated with momentum) -> ReLU; a linear output layer; MSE loss; Adam in Keras' form
/// (alpha_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t), w -= alpha_t * m / (sqrt(v) + eps)); the last ValidationSplit of
/// the rows held out; the training rows shuffled every epoch and cut into batches (the last one may be smaller).
/// All in float32 like Keras. Buffers are allocated once per training run, none per batch.
/// <para>Reproducible: the seed drives initialisation and shuffling through our own generator, and every reduction
/// runs in a fixed order (matrix products split by rows only), so the same seed and data give bit-identical weights
/// for any thread count on the same instruction set (FMA vs no FMA changes rounding).</para>
/// </summary>
public sealed class AutoencoderTrainer
{
    private const int InitStream = 0, SplitStream = 1, ShuffleStream = 2;

    public AutoencoderTrainer(AutoencoderOptions? options = null)
    {
        Options = options ?? new AutoencoderOptions();
        Options.Validate();
    }

    public AutoencoderOptions Options { get; }

    /// <param name="vectors">Training rows (e.g. 640-value log-mel frame stacks), finite.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <param name="epochs">Told after every epoch: its number, training loss and validation loss.</param>
    public AutoencoderModel Train(FeatureMatrix vectors, CancellationToken cancellationToken = default, IProgress<TrainingIteration>? epochs = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Rows < 1) throw new ArgumentException("No training vectors.", nameof(vectors));
        FeatureMatrixChecks.ThrowIfNotFinite(vectors, nameof(vectors));

        var o = Options;
        int[] order = Enumerable.Range(0, vectors.Rows).ToArray();
        if (o.ShuffleBeforeSplit)
        {
            var splitRng = new SeededRandom(o.Seed, SplitStream);
            Shuffle(order, ref splitRng);
        }
        // Keras: split_at = int(n * (1 - validation_split)); the rows after it validate.
        int trainRows = (int)Math.Floor(vectors.Rows * (1.0 - o.ValidationSplit));
        if (trainRows < 1)
            throw new ArgumentException($"{vectors.Rows} vector(s) leave none for training after a validation split of {o.ValidationSplit}.", nameof(vectors));
        var train = order.AsSpan(0, trainRows).ToArray();
        FeatureMatrix? validation = trainRows < vectors.Rows ? Gather(vectors, order.AsSpan(trainRows)) : null;

        var net = new Network(vectors.Columns, o);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism };
        var rng = new SeededRandom(o.Seed, ShuffleStream);
        var trainingLoss = new List<double>(o.Epochs);
        var validationLoss = new List<double>(o.Epochs);
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            Shuffle(train, ref rng);
            double lossSum = 0;
            for (int start = 0; start < train.Length; start += o.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(o.BatchSize, train.Length - start);
                net.LoadBatch(vectors, train.AsSpan(start, rows));
                double loss = net.Forward(rows, parallel);
                if (!double.IsFinite(loss))
                    throw new InvalidOperationException($"Autoencoder training diverged (loss {loss} in epoch {epoch + 1}); lower the learning rate.");
                lossSum += loss * rows;
                net.Backward(rows, parallel);
                net.AdamStep();
            }
            trainingLoss.Add(lossSum / train.Length);
            if (validation is not null)
                validationLoss.Add(net.ToModel(null, null).ReconstructionErrors(validation, o.MaxDegreeOfParallelism).Average());
            epochs?.Report(new TrainingIteration("Epoch", epoch + 1, o.Epochs, trainingLoss[^1], validation is null ? null : validationLoss[^1]));
        }
        return net.ToModel(trainingLoss, validationLoss);
    }

    private static void Shuffle(Span<int> items, ref SeededRandom rng)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static FeatureMatrix Gather(FeatureMatrix x, ReadOnlySpan<int> rows)
    {
        var m = new FeatureMatrix(rows.Length, x.Columns);
        for (int i = 0; i < rows.Length; i++) x.Row(rows[i]).CopyTo(m.Data.AsSpan(i * x.Columns, x.Columns));
        return m;
    }

    /// <summary>Parameters, Adam moments and the per-batch scratch of one training run.</summary>
    internal sealed class Network
    {
        private readonly AutoencoderOptions _o;
        private readonly int _d, _maxBatch;
        private readonly Layer[] _layers;
        private readonly float[] _x, _gradA, _gradB;
        private int _step;

        internal sealed class Layer(int inputs, int outputs, bool hidden, int maxBatch)
        {
            public readonly int In = inputs, Out = outputs;
            public readonly bool Hidden = hidden;
            public readonly float[] W = new float[inputs * outputs], WT = new float[inputs * outputs], B = new float[outputs];
            public readonly float[] DW = new float[inputs * outputs], DB = new float[outputs];
            public readonly float[] MW = new float[inputs * outputs], VW = new float[inputs * outputs], MB = new float[outputs], VB = new float[outputs];
            // BatchNormalization (hidden layers only; zero-length otherwise).
            public readonly float[] Gamma = hidden ? Filled(outputs, 1f) : [], Beta = new float[hidden ? outputs : 0];
            public readonly float[] MovingMean = new float[hidden ? outputs : 0], MovingVar = hidden ? Filled(outputs, 1f) : [];
            public readonly float[] DGamma = new float[hidden ? outputs : 0], DBeta = new float[hidden ? outputs : 0];
            public readonly float[] MGamma = new float[hidden ? outputs : 0], VGamma = new float[hidden ? outputs : 0];
            public readonly float[] MBeta = new float[hidden ? outputs : 0], VBeta = new float[hidden ? outputs : 0];
            public readonly float[] Mean = new float[outputs], InvStd = new float[outputs];
            /// <summary>Pre-activation z, normalised in place to x-hat for hidden layers.</summary>
            public readonly float[] Z = new float[maxBatch * outputs];
            /// <summary>Hidden layers: ReLU output, the next layer's input.</summary>
            public readonly float[] A = new float[hidden ? maxBatch * outputs : 0];

            private static float[] Filled(int n, float v)
            {
                var a = new float[n];
                Array.Fill(a, v);
                return a;
            }
        }

        public Network(int inputLength, AutoencoderOptions o)
        {
            _o = o;
            _d = inputLength;
            _maxBatch = o.BatchSize;
            var sizes = new List<int> { inputLength };
            for (int i = 0; i < o.HiddenLayers; i++) sizes.Add(o.HiddenUnits);
            sizes.Add(o.BottleneckUnits);
            for (int i = 0; i < o.HiddenLayers; i++) sizes.Add(o.HiddenUnits);
            sizes.Add(inputLength);
            _layers = new Layer[sizes.Count - 1];
            var rng = new SeededRandom(o.Seed, InitStream);
            int widest = sizes.Max();
            for (int l = 0; l < _layers.Length; l++)
            {
                var layer = _layers[l] = new Layer(sizes[l], sizes[l + 1], l < _layers.Length - 1, _maxBatch);
                // Glorot uniform: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)); biases zero (Keras defaults).
                double limit = Math.Sqrt(6.0 / (layer.In + layer.Out));
                for (int i = 0; i < layer.W.Length; i++) layer.W[i] = (float)((2.0 * rng.NextDouble() - 1.0) * limit);
            }
            _x = new float[_maxBatch * inputLength];
            _gradA = new float[_maxBatch * widest];
            _gradB = new float[_maxBatch * widest];
            TransposeWeights();
        }

        internal Layer[] Layers => _layers;

        public void LoadBatch(FeatureMatrix x, ReadOnlySpan<int> rows)
        {
            for (int i = 0; i < rows.Length; i++) x.Row(rows[i]).CopyTo(_x.AsSpan(i * _d, _d));
        }

        /// <summary>Training-mode forward pass over the loaded batch; returns the MSE loss and leaves dLoss/dOutput in _gradA.</summary>
        public double Forward(int rows, ParallelOptions parallel)
        {
            ReadOnlySpan<float> input = _x.AsSpan(0, rows * _d);
            float momentum = (float)_o.BatchNormMomentum, eps = (float)_o.BatchNormEpsilon;
            foreach (var layer in _layers)
            {
                int n = layer.Out;
                var z = layer.Z.AsSpan(0, rows * n);
                for (int r = 0; r < rows; r++) layer.B.CopyTo(z.Slice(r * n, n));
                Gemm.Multiply(input, layer.In, 1, layer.W, z, rows, layer.In, n, accumulate: true, parallel);
                if (!layer.Hidden) break;

                // Batch statistics: mean, then the biased variance around it (tf.nn.moments).
                var mean = layer.Mean.AsSpan();
                ColumnSums(z, n, mean);
                float invRows = 1f / rows;
                for (int j = 0; j < n; j++) mean[j] *= invRows;
                var variance = layer.InvStd.AsSpan();
                variance.Clear();
                for (int r = 0; r < rows; r++)
                {
                    var row = z.Slice(r * n, n);
                    for (int j = 0; j < n; j++)
                    {
                        float c = row[j] - mean[j];
                        variance[j] += c * c;
                    }
                }
                for (int j = 0; j < n; j++)
                {
                    float v = variance[j] * invRows;
                    // Keras: moving -= (moving - batch) * (1 - momentum).
                    layer.MovingMean[j] -= (layer.MovingMean[j] - mean[j]) * (1f - momentum);
                    layer.MovingVar[j] -= (layer.MovingVar[j] - v) * (1f - momentum);
                    layer.InvStd[j] = 1f / MathF.Sqrt(v + eps);
                }
                var a = layer.A.AsSpan(0, rows * n);
                for (int r = 0; r < rows; r++)
                {
                    var zr = z.Slice(r * n, n);
                    var ar = a.Slice(r * n, n);
                    for (int j = 0; j < n; j++)
                    {
                        float xhat = (zr[j] - mean[j]) * layer.InvStd[j];
                        zr[j] = xhat;
                        ar[j] = MathF.Max(layer.Gamma[j] * xhat + layer.Beta[j], 0f);
                    }
                }
                input = a;
            }

            // MSE over every value of the batch; its gradient 2 (y - x) / (rows * D) goes into _gradA.
            var output = _layers[^1].Z.AsSpan(0, rows * _d);
            var x = _x.AsSpan(0, rows * _d);
            var grad = _gradA.AsSpan(0, rows * _d);
            double sum = 0;
            float scale = 2f / (rows * (float)_d);
            for (int i = 0; i < output.Length; i++)
            {
                float e = output[i] - x[i];
                sum += (double)e * e;
                grad[i] = e * scale;
            }
            return sum / output.Length;
        }

        /// <summary>Backpropagation from the loss gradient Forward left in _gradA; fills every parameter gradient.</summary>
        public void Backward(int rows, ParallelOptions parallel)
        {
            var dCur = _gradA;
            var dNext = _gradB;
            for (int l = _layers.Length - 1; l >= 0; l--)
            {
                var layer = _layers[l];
                int n = layer.Out;
                var dz = dCur.AsSpan(0, rows * n);
                if (layer.Hidden) BatchNormReluBackward(layer, dz, rows);
                ReadOnlySpan<float> input = l == 0 ? _x.AsSpan(0, rows * _d) : _layers[l - 1].A.AsSpan(0, rows * layer.In);
                // dW = input^T dZ: the left operand is input read column-wise (row stride 1, column stride In).
                Gemm.Multiply(input, 1, layer.In, dz, layer.DW, layer.In, rows, n, accumulate: false, parallel);
                ColumnSums(dz, n, layer.DB);
                if (l == 0) break;
                // dInput = dZ W^T.
                Gemm.Multiply(dz, n, 1, layer.WT, dNext.AsSpan(0, rows * layer.In), rows, n, layer.In, accumulate: false, parallel);
                (dCur, dNext) = (dNext, dCur);
            }
        }

        /// <summary>dA -> dZ through ReLU and training-mode BatchNormalization, in place; also dGamma and dBeta.</summary>
        private static void BatchNormReluBackward(Layer layer, Span<float> g, int rows)
        {
            int n = layer.Out;
            var a = layer.A.AsSpan(0, rows * n);
            var xhat = layer.Z.AsSpan(0, rows * n);
            var dGamma = layer.DGamma.AsSpan();
            var dBeta = layer.DBeta.AsSpan();
            dGamma.Clear();
            dBeta.Clear();
            for (int r = 0; r < rows; r++)
            {
                var gr = g.Slice(r * n, n);
                var ar = a.Slice(r * n, n);
                var xr = xhat.Slice(r * n, n);
                for (int j = 0; j < n; j++)
                {
                    // ReLU passes gradient only where its input was positive (TF's ReluGrad).
                    float gy = ar[j] > 0f ? gr[j] : 0f;
                    gr[j] = gy;
                    dGamma[j] += gy * xr[j];
                    dBeta[j] += gy;
                }
            }
            // dZ = gamma * invstd * (dY - mean(dY) - xhat * mean(dY * xhat)).
            float invRows = 1f / rows;
            for (int r = 0; r < rows; r++)
            {
                var gr = g.Slice(r * n, n);
                var xr = xhat.Slice(r * n, n);
                for (int j = 0; j < n; j++)
                    gr[j] = layer.Gamma[j] * layer.InvStd[j] * (gr[j] - dBeta[j] * invRows - xr[j] * dGamma[j] * invRows);
            }
        }

        private static void ColumnSums(ReadOnlySpan<float> m, int n, Span<float> sums) => Models.Neural.Tensors.ColumnSums(m, n, sums);

        /// <summary>One Adam step on every trainable array (kernels, biases, gamma, beta), Keras' formulation.</summary>
        public void AdamStep()
        {
            _step++;
            double b1 = _o.Beta1, b2 = _o.Beta2;
            float alpha = (float)(_o.LearningRate * Math.Sqrt(1 - Math.Pow(b2, _step)) / (1 - Math.Pow(b1, _step)));
            foreach (var layer in _layers)
            {
                Adam(layer.W, layer.DW, layer.MW, layer.VW, alpha);
                Adam(layer.B, layer.DB, layer.MB, layer.VB, alpha);
                Adam(layer.Gamma, layer.DGamma, layer.MGamma, layer.VGamma, alpha);
                Adam(layer.Beta, layer.DBeta, layer.MBeta, layer.VBeta, alpha);
            }
            TransposeWeights();
        }

        private void Adam(float[] p, float[] g, float[] m, float[] v, float alpha)
        {
            float b1 = (float)_o.Beta1, b2 = (float)_o.Beta2, eps = (float)_o.AdamEpsilon;
            int w = Vector<float>.Count, i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vb1 = new Vector<float>(b1); var vb2 = new Vector<float>(b2);
                var vc1 = new Vector<float>(1f - b1); var vc2 = new Vector<float>(1f - b2);
                var va = new Vector<float>(alpha); var ve = new Vector<float>(eps);
                for (; i + w <= p.Length; i += w)
                {
                    var gi = new Vector<float>(g, i);
                    var mi = vb1 * new Vector<float>(m, i) + vc1 * gi;
                    var vi = vb2 * new Vector<float>(v, i) + vc2 * (gi * gi);
                    mi.CopyTo(m, i);
                    vi.CopyTo(v, i);
                    (new Vector<float>(p, i) - va * mi / (Vector.SquareRoot(vi) + ve)).CopyTo(p, i);
                }
            }
            for (; i < p.Length; i++)
            {
                m[i] = b1 * m[i] + (1f - b1) * g[i];
                v[i] = b2 * v[i] + (1f - b2) * (g[i] * g[i]);
                p[i] -= alpha * m[i] / (MathF.Sqrt(v[i]) + eps);
            }
        }

        private void TransposeWeights()
        {
            foreach (var layer in _layers)
                for (int i = 0; i < layer.In; i++)
                    for (int j = 0; j < layer.Out; j++)
                        layer.WT[j * layer.In + i] = layer.W[i * layer.Out + j];
        }

        /// <summary>A snapshot of the current parameters as an inference model (arrays copied).</summary>
        public AutoencoderModel ToModel(IReadOnlyList<double>? trainingLoss, IReadOnlyList<double>? validationLoss) =>
            new(_layers.Select(l => new AutoencoderLayer(l.In, l.Out, (float[])l.W.Clone(), (float[])l.B.Clone(),
                l.Hidden
                    ? new AutoencoderBatchNorm((float[])l.Gamma.Clone(), (float[])l.Beta.Clone(), (float[])l.MovingMean.Clone(),
                        (float[])l.MovingVar.Clone(), (float)_o.BatchNormEpsilon)
                    : null)).ToList(), trainingLoss, validationLoss);
    }
}
