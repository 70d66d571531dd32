using System.Management.Automation;
using AcousticAnomaly.Models.ConvAutoencoder;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.PowerShell;

/// <summary>Trains a convolutional autoencoder on log-mel blocks of normal machine sound and saves it as an ONNX model.</summary>
/// <remarks>
/// Each clip is cut into blocks of -FrameSeconds of consecutive log-mel frames (LogMelFrames with that many frames);
/// training takes blocks -Overlap apart (0.5: half a block), normalised to [0, 1] with the training minimum and maximum
/// (stored in the model). The network is 1-D convolutions over time with the mel bands as channels, squeezed to
/// -BottleneckChannels per frame and back, ending in a sigmoid. Score = the block's mean squared reconstruction error;
/// a clip's score is the mean over every block position. The threshold comes from the training clips' scores (DCASE
/// gamma fit, 0.9). The .onnx graph (Conv, Relu, Sigmoid) computes the same scores in ONNX Runtime.
/// </remarks>
/// <example>
/// <code>Get-ChildItem normal/*.wav | New-ConvAutoencoderModel -OutputPath models/valve-cae.onnx</code>
/// <para>Blocks of 0.6 s, half overlapping, 20 epochs.</para>
/// </example>
/// <example>
/// <code>New-ConvAutoencoderModel normal/*.flac -OutputPath fan.onnx -FrameSeconds 1 -Overlap 0.75 -Epochs 40</code>
/// <para>Longer blocks, more of them, longer training.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "ConvAutoencoderModel", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelInfo))]
public sealed class NewConvAutoencoderModelCommand : BlockAutoencoderModelCmdlet
{
    protected override BlockAutoencoderArchitecture Architecture => BlockAutoencoderArchitecture.Convolutional;
}
