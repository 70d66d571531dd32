using AcousticAnomaly.ModuleTools;

// build/ModuleTools: writes the module's MAML help from the built cmdlet assembly and its XML doc comments.
// usage: ModuleTools help <AcousticAnomaly.PowerShell.dll> <System.Management.Automation.dll (reference)> <out dir> <PowerShell dir>
// The PowerShell dir (the pinned pwsh tool package) lets the tool construct each cmdlet and read its defaults.
if (args.Length != 5 || args[0] != "help")
{
    Console.Error.WriteLine("usage: ModuleTools help <cmdlet dll> <SMA reference dll> <output dir> <PowerShell runtime dir>");
    return 2;
}
var (dll, sma, outDir) = (Path.GetFullPath(args[1]), Path.GetFullPath(args[2]), args[3]);
using var assembly = new CmdletAssembly(dll, sma);
var docs = new XmlDocs(Path.ChangeExtension(dll, ".xml"));
var missing = MamlHelpWriter.MissingDocs(assembly, docs);
if (missing.Count > 0)
{
    foreach (var m in missing) Console.Error.WriteLine($"error: help missing: {m}");
    return 1;
}
Directory.CreateDirectory(outDir);
var target = Path.Combine(outDir, Path.GetFileName(dll) + "-Help.xml");
var defaults = new ParameterDefaults(dll, Path.GetFullPath(args[4]), assembly.Cmdlets);
MamlHelpWriter.Build(assembly, docs, defaults).Save(target);
Console.WriteLine($"help: {assembly.Cmdlets.Count} cmdlets -> {target}");
return 0;
