using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Registers the <see cref="IsoTimeMembers"/> type data when the module is imported. Not a TypesToProcess file:
/// PowerShell refuses a second types file that extends the same members ("The member Time is already present"), so
/// importing the module from a second folder in one session (a build output next to an installed copy, the README's
/// Import-Module ./out/...) failed. Update-TypeData -Force replaces the earlier definitions instead.
/// </summary>
public sealed class IsoTimeTypeData : IModuleAssemblyInitializer
{
    // Per type, the time property and, in record order, the properties before it (see IsoTimeMembers for why).
    private static readonly (string Type, string[] Members)[] Extended =
    {
        ("AcousticAnomaly.Streaming.WatchResult", new[] { "Time" }),
        ("AcousticAnomaly.Streaming.ClassificationWatchResult", new[] { "Time" }),
        ("AcousticAnomaly.Network.AnomalyEventMessage", new[] { "Time" }),
        ("AcousticAnomaly.Datasets.AudioLevel", new[] { "Device", "Offset", "Time" }),
        ("AcousticAnomaly.Capture.CaptureStatus", new[] { "Device", "State", "Time" }),
        ("AcousticAnomaly.Recording.RecordingSegment", new[] { "Path", "Device", "Start" }),
        ("AcousticAnomaly.Archive.RetentionItem", new[] { "Path", "Start" }),
    };

    public void OnImport()
    {
        if (Runspace.DefaultRunspace is null) return;
        var data = new List<TypeData>();
        foreach (var (type, members) in Extended)
        {
            var typeData = new TypeData(type);
            foreach (var name in members)
                typeData.Members.Add(name, new CodePropertyData(name, typeof(IsoTimeMembers).GetMethod(name)));
            data.Add(typeData);
        }
        var iso = new TypeData(IsoTimeMembers.TypeName);
        iso.Members.Add("ToString", new ScriptMethodData("ToString",
            ScriptBlock.Create("[AcousticAnomaly.PowerShell.IsoTimeMembers]::ToText($this, $args)")));
        data.Add(iso);
        using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        ps.AddCommand("Microsoft.PowerShell.Utility\\Update-TypeData").AddParameter("TypeData", data.ToArray()).AddParameter("Force").Invoke();
    }
}
