using System.Management.Automation;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Lets -Model take what users hold: a path, a FileInfo, the object a training cmdlet emitted (ModelInfo,
/// ClassifierTrainingResult), Get-AnomalyModel's ModelDescription, or such an object after Import-Csv (any object with
/// a Path or FullName property). Without this a PSCustomObject would bind as its "@{Path=...}" text.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ModelArgumentTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null or string => value,
            FileSystemInfo file => file.FullName,
            _ when inputData is PSObject ps && (ps.Properties["Path"]?.Value ?? ps.Properties["FullName"]?.Value) is { } path => path.ToString(),
            _ => value.ToString(),
        };
    }
}
