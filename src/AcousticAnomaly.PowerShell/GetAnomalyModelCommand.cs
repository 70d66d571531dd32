using System.Management.Automation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.PowerShell;

/// <summary>Shows what a model file is: algorithm, threshold and how it was chosen, feature settings, sample rate, channel rule, labels, training summary.</summary>
/// <remarks>
/// Reads any .onnx file this module can use: anomaly models from the New-*Model cmdlets (Kind Anomaly), classifiers
/// from New-AudioClassifierModel (Kind Classifier, with their Labels) and ONNX files made elsewhere (Kind External:
/// such a file carries no settings of ours, so give -FeatureSet/-SampleRate/-Channel when scoring with it). A folder
/// means the .onnx files in it. The object it emits can be piped (or given) as -Model to Measure-AnomalyModel and
/// Measure-AudioClassifierModel, and given as -Model to every other scoring cmdlet. A file that is not a readable
/// model is a non-terminating error naming it; the others go on.
/// </remarks>
/// <example>
/// <code>Get-AnomalyModel models/pump.onnx | Format-List</code>
/// <para>Every recorded fact of the model: threshold and method, feature settings, training clips and parameters.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem models/*.onnx | Get-AnomalyModel | Measure-AnomalyModel -NormalPath test/normal -AbnormalPath test/abnormal</code>
/// <para>Measures every anomaly model in the folder on the same test clips.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "AnomalyModel", DefaultParameterSetName = "Path")]
[OutputType(typeof(ModelDescription))]
public sealed class GetAnomalyModelCommand : FileInputCmdlet
{
    protected override string[] FolderFilePatterns { get; } = { "*.onnx" };

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveInputFiles())
        {
            try
            {
                WriteObject(ModelDescription.Read(file));
            }
            catch (OnnxModelException e)
            {
                WriteError(new ErrorRecord(e, "ModelUnreadable", ErrorCategory.InvalidData, file));
            }
        }
    }
}
