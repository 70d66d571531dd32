using System.CommandLine;
using AcousticAnomaly.Archive;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly prune`: the CLI face of Remove-AudioArchive (same service, same output columns).</summary>
public static class PruneVerb
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Archive folders (their budget is counted together).", Arity = ArgumentArity.OneOrMore };
        var keepFor = new Option<string?>("--keep-for") { Description = "Delete archived FLACs older than this: 30d, 12h, 2w or seconds." };
        var maxSize = new Option<string?>("--max-size") { Description = "Delete the oldest FLACs while all audio in the folders exceeds this: 20GB, 500MB or bytes." };
        var includeEvidence = new Option<bool>("--include-evidence") { Description = "Also delete evidence clips (watch --save-anomalies folders)." };
        var recurse = new Option<bool>("--recurse") { Description = "Search subfolders too." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted; delete nothing." };
        keepFor.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } s && !RetentionUnits.TryParseAge(s, out _)) r.AddError($"--keep-for: '{s}' is not an age such as 30d, 12h or 2w.");
        });
        maxSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } s && !RetentionUnits.TryParseSize(s, out _)) r.AddError($"--max-size: '{s}' is not a size such as 20GB or 500MB.");
        });

        var command = new Command("prune", "Hold archive folders to a disk budget, deleting the oldest archived FLAC audio first (like Remove-AudioArchive).");
        command.Arguments.Add(folders);
        command.Options.Add(keepFor);
        command.Options.Add(maxSize);
        command.Options.Add(includeEvidence);
        command.Options.Add(recurse);
        command.Options.Add(dryRun);
        command.SetAction(parse =>
        {
            TimeSpan? age = parse.GetValue(keepFor) is { } a && RetentionUnits.TryParseAge(a, out var t) ? t : null;
            long? size = parse.GetValue(maxSize) is { } m && RetentionUnits.TryParseSize(m, out var b) ? b : null;
            RetentionPlan plan;
            try
            {
                plan = new ArchiveRetention(new RetentionOptions
                {
                    KeepFor = age,
                    MaxSize = size,
                    IncludeEvidence = parse.GetValue(includeEvidence),
                    Recurse = parse.GetValue(recurse),
                }).Plan(parse.GetValue(folders)!.Select(Path.GetFullPath));
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (DirectoryNotFoundException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
            if (plan.Warning is { } warning) Console.Error.WriteLine($"warning: {warning}");
            int failed = 0;
            var rows = new List<RetentionItem>();
            foreach (var item in plan.Items)
            {
                if (parse.GetValue(dryRun)) { rows.Add(item); continue; }
                try
                {
                    rows.Add(ArchiveRetention.Remove(item));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"error: {item.Path}: {ex.Message}");
                    failed++;
                }
            }
            CsvOutput.Write(rows, Console.Out);
            return failed > 0 ? ExitCodes.ItemsFailed : ExitCodes.Ok;
        });
        return command;
    }
}
