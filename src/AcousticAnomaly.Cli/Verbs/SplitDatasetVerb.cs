using System.CommandLine;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly split-dataset`: the CLI face of Split-AudioDataset (same DatasetSplitter, same columns).</summary>
public static class SplitDatasetVerb
{
    public static Command Create()
    {
        var root = new Argument<string>("root") { Description = "Dataset folder with one sub-folder per label." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Copy into <dir>/<train|validation|test>/<label>/ and write <dir>/manifest.csv." };
        var manifest = new Option<string?>("--manifest") { Description = "Write the manifest CSV here." };
        var train = new Option<double?>("--train") { Description = $"Share of each label for training (default {DatasetSplitOptions.Defaults.TrainFraction})." };
        var validation = new Option<double?>("--validation") { Description = $"Share for validation (default {DatasetSplitOptions.Defaults.ValidationFraction})." };
        var test = new Option<double?>("--test") { Description = $"Share for testing (default {DatasetSplitOptions.Defaults.TestFraction})." };
        var seed = new Option<int?>("--seed") { Description = $"Seed of the shuffle (default {DatasetSplitOptions.Defaults.Seed})." };
        var group = new Option<string?>("--group-pattern") { Description = "Regex on file names; its group 'group' keeps files on one side, e.g. ^(?<group>[^_]+)_" };
        var force = new Option<bool>("--force") { Description = "Overwrite files in the output folders." };
        var command = new Command("split-dataset", "Split a labelled dataset into train/validation/test: stratified, seeded, grouped (like Split-AudioDataset).");
        command.Arguments.Add(root);
        foreach (var o in new Option[] { outputDir, manifest, train, validation, test, seed, group, force }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var output = parse.GetValue(outputDir);
            var o = new DatasetSplitOptions
            {
                OutputDirectory = output, GroupPattern = parse.GetValue(group), Overwrite = parse.GetValue(force),
                ManifestPath = parse.GetValue(manifest) ?? (output is null ? null : Path.Combine(output, DatasetSplitOptions.ManifestFileName)),
            };
            if (parse.GetValue(train) is double tr) o = o with { TrainFraction = tr };
            if (parse.GetValue(validation) is double va) o = o with { ValidationFraction = va };
            if (parse.GetValue(test) is double te) o = o with { TestFraction = te };
            if (parse.GetValue(seed) is int s) o = o with { Seed = s };
            int failed = 0;
            try
            {
                var entries = new DatasetSplitter(o).Split(parse.GetValue(root)!, onError: (_, e) =>
                {
                    failed++;
                    Console.Error.WriteLine($"error: {e.Message}");
                });
                CsvOutput.Write(entries, Console.Out);
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
