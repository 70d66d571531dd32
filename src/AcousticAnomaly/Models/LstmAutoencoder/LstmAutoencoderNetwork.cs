using AcousticAnomaly.Models.Neural;

namespace AcousticAnomaly.Models.LstmAutoencoder;

/// <summary>
/// The LSTM autoencoder of the notebook workflow on a block of log-mel frames: LSTM(bands -> hidden) LSTM(hidden ->
/// bottleneck) LSTM(bottleneck -> hidden), every hidden state kept (one per frame), then a per-frame dense layer back to
/// the bands (a 1-D convolution of kernel 1) and a sigmoid. Trained, normalised, scored and exported like the
/// convolutional one (<see cref="ConvAutoencoder.ConvAutoencoderTrainer"/> with Architecture = Lstm; the ONNX graph
/// uses the LSTM operator).
/// </summary>
public static class LstmAutoencoderNetwork
{
    public static List<Layer> Layers(int frames, int bands, int hidden, int bottleneck) =>
    [
        new LstmLayer(frames, bands, hidden),
        new LstmLayer(frames, hidden, bottleneck),
        new LstmLayer(frames, bottleneck, hidden),
        Conv2dLayer.Conv1d(frames, hidden, bands, 1, 0),
        new SigmoidLayer(frames * bands),
    ];
}
