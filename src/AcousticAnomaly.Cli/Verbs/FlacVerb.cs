using System.CommandLine;
using AcousticAnomaly.Archive;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly flac`: the CLI face of ConvertTo-Flac (same service, same output columns).</summary>
public static class FlacVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "WAV files to archive.", Arity = ArgumentArity.OneOrMore };
        var outputDir = new Option<string?>("--output-dir") { Description = "Folder for the FLAC files (default: beside each WAV)." };
        var level = new Option<int>("--level") { Description = "Compression level 0-8.", DefaultValueFactory = _ => FlacArchiveOptions.Defaults.CompressionLevel };
        var removeSource = new Option<bool>("--remove-source") { Description = "Delete each WAV after its FLAC verified sample-identical." };
        var groupBy = new Option<string>("--group-by") { Description = "none, minute or hour.", DefaultValueFactory = _ => FlacArchiveOptions.Defaults.GroupBy.ToString().ToLowerInvariant() };
        groupBy.AcceptOnlyFromAmong("none", "minute", "hour");
        var force = new Option<bool>("--force") { Description = "Overwrite existing FLAC files." };
        level.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 8) r.AddError("--level must be 0 to 8.");
        });

        var command = new Command("flac", "Archive WAV recordings as lossless FLAC (like ConvertTo-Flac).");
        command.Arguments.Add(paths);
        command.Options.Add(outputDir);
        command.Options.Add(level);
        command.Options.Add(removeSource);
        command.Options.Add(groupBy);
        command.Options.Add(force);
        command.SetAction(parse =>
        {
            var archiver = new FlacArchiver(new FlacArchiveOptions
            {
                OutputDirectory = parse.GetValue(outputDir),
                CompressionLevel = parse.GetValue(level),
                RemoveSource = parse.GetValue(removeSource),
                Force = parse.GetValue(force),
                GroupBy = Enum.Parse<FlacGroupBy>(parse.GetValue(groupBy)!, ignoreCase: true),
            });
            using var cancel = CliCancellation.OnCtrlC();
            int failed = 0;
            var rows = archiver.Run(parse.GetValue(paths)!, cancel.Token).Where(item =>
            {
                if (item.Error is null) return true;
                Console.Error.WriteLine($"error: {CliErrors.Describe(item.Error)}");
                failed++;
                return false;
            }).Select(item => item.Result!);
            try
            {
                CsvOutput.Write(rows, Console.Out);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled");
                return 130;
            }
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
