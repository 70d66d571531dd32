using System.CommandLine;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly augment`: the CLI face of New-AudioAugmentation (same Augmenter, same columns).</summary>
public static class AugmentVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Clips to augment (or give --manifest).", Arity = ArgumentArity.ZeroOrMore };
        var manifest = new Option<string?>("--manifest") { Description = "A split manifest; its --split rows (default train) are augmented." };
        var split = new Option<string>("--split") { Description = "With --manifest: the side to augment.", DefaultValueFactory = _ => DatasetSplitNames.Train };
        var recipes = new Option<string[]>("--augmentation", "-a") { Description = "Recipe, repeatable: noise:snr=10, reverse, stretch:factor=1.1, gain:db=-6+noise:snr=20 ...", Required = true };
        var label = new Option<string>("--label") { Description = "Label of clips given as paths.", DefaultValueFactory = _ => "" };
        var outputDir = new Option<string>("--output-dir") { Description = "Folder for the new clips (one sub-folder per label).", Required = true };
        var outManifest = new Option<string?>("--manifest-out") { Description = "Manifest of the new clips (default <output-dir>/augmentations.csv)." };
        var seed = new Option<int?>("--seed") { Description = $"Seed of every random draw (default {AugmentationOptions.Defaults.Seed})." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing clips." };
        var command = new Command("augment", "Make augmented copies of clips, the training side of a split by default (like New-AudioAugmentation).");
        command.Arguments.Add(paths);
        foreach (var o in new Option[] { manifest, split, recipes, label, outputDir, outManifest, seed, force }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            Augmenter augmenter;
            IReadOnlyList<AugmentationInput> inputs;
            try
            {
                var o = new AugmentationOptions
                {
                    Recipes = parse.GetValue(recipes)!.Select(AugmentationRecipe.Parse).ToList(),
                    OutputDirectory = parse.GetValue(outputDir)!, Overwrite = parse.GetValue(force),
                };
                if (parse.GetValue(seed) is int s) o = o with { Seed = s };
                augmenter = new Augmenter(o);
                inputs = parse.GetValue(manifest) is string m
                    ? Augmenter.FromManifest(m, parse.GetValue(split)!)
                    : parse.GetValue(paths)!.Select(p => new AugmentationInput(p, parse.GetValue(label)!)).ToList();
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            int failed = 0;
            var done = new List<AugmentationResult>();
            IEnumerable<AugmentationResult> Rows()
            {
                foreach (var input in inputs)
                {
                    List<AugmentationResult> made;
                    try
                    {
                        made = augmenter.Augment(input).ToList();
                    }
                    catch (Exception e) when (e is AudioFileException or IOException)
                    {
                        failed++;
                        Console.Error.WriteLine($"error: {e.Message}");
                        continue;
                    }
                    done.AddRange(made);
                    foreach (var r in made) yield return r;
                }
            }
            CsvOutput.Write(Rows(), Console.Out);
            if (done.Count > 0)
                ManifestCsv.Write(parse.GetValue(outManifest) ?? Path.Combine(augmenter.Options.OutputDirectory, AugmentationOptions.ManifestFileName), done);
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
