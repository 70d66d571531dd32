using System.CommandLine;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly dataset`: the CLI face of Get-AudioDataset (same DatasetScanner, same columns).</summary>
public static class DatasetVerb
{
    public static Command Create()
    {
        var root = new Argument<string>("root") { Description = "Dataset folder with one sub-folder per label." };
        var command = new Command("dataset", "Summarise a labelled dataset: one row per label, then '*' over all (like Get-AudioDataset).");
        command.Arguments.Add(root);
        command.SetAction(parse =>
        {
            try
            {
                CsvOutput.Write(new DatasetScanner().Scan(parse.GetValue(root)!), Console.Out);
                return 0;
            }
            catch (DirectoryNotFoundException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
