using System.CommandLine;
using AcousticAnomaly.Cli;

// Each verb lives in its own file (Verbs/<Name>Verb.cs) and exposes Create(); add new verbs to this list.
var root = new RootCommand("acoustic-anomaly: record machine sound, archive it, train anomaly models and score audio.");
foreach (var verb in VerbRegistry.All())
{
    root.Subcommands.Add(verb);
}
return ExitCodes.Invoke(root, args, Console.Error); // 0 ok, 1 some items failed, 2 usage, 3 fatal, 130 cancelled
