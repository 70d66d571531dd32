using System.CommandLine;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly check`: the CLI face of Test-AudioFile (same AudioFileChecker, same columns).</summary>
public static class CheckVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Audio files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var silence = new Option<double?>("--silence-threshold-db") { Description = $"A clip whose peak stays below this dBFS is Silent (default {AudioFileCheckOptions.Defaults.SilenceThresholdDb})." };
        var rate = new Option<int?>("--sample-rate") { Description = "Report clips at any other sample rate." };
        var command = new Command("check", "Check audio files for training: unreadable, truncated, empty, silent, clipped, NaN/Inf, wrong rate (like Test-AudioFile).");
        command.Arguments.Add(paths);
        command.Options.Add(silence);
        command.Options.Add(rate);
        command.SetAction(parse =>
        {
            var options = new AudioFileCheckOptions { ExpectedSampleRate = parse.GetValue(rate) };
            if (parse.GetValue(silence) is double t) options = options with { SilenceThresholdDb = t };
            var checker = new AudioFileChecker(options);
            var files = parse.GetValue(paths)!.SelectMany(p => Directory.Exists(p)
                ? DatasetFiles.FilesBelow(p).Where(DatasetFiles.IsAudio)
                : DatasetFiles.IsHidden(p) ? [] : [p]);
            int invalid = 0;
            CsvOutput.Write(files.Select(f => checker.Check(f)).Select(r => { if (!r.IsValid) invalid++; return r; }), Console.Out);
            return invalid > 0 ? 1 : 0;
        });
        return command;
    }
}
