using System.CommandLine;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly split`: the CLI face of Split-AudioFile (same AudioSplitter, same columns).</summary>
public static class SplitVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Recordings to cut (WAV or FLAC).", Arity = ArgumentArity.OneOrMore };
        var chunk = new Option<double?>("--chunk-duration") { Description = $"Chunk length in seconds (default {AudioSplitOptions.Defaults.ChunkDuration?.TotalSeconds})." };
        var hop = new Option<double?>("--hop") { Description = "Start-to-start distance in seconds (default: the chunk length)." };
        var dropPartial = new Option<bool>("--drop-partial") { Description = "Leave out a shorter last chunk." };
        var onSilence = new Option<bool>("--split-on-silence") { Description = "One file per sound instead of fixed chunks." };
        var threshold = new Option<double?>("--silence-threshold-db") { Description = $"RMS dBFS of a 100 ms window that counts as sound (default {AudioSplitOptions.Defaults.SilenceThresholdDb})." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Folder for the chunks (default: beside each source)." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing chunks." };
        var command = new Command("split", "Cut long recordings into fixed chunks or on silence, sample-exact (like Split-AudioFile).");
        command.Arguments.Add(paths);
        foreach (var o in new Option[] { chunk, hop, dropPartial, onSilence, threshold, outputDir, force }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var o = new AudioSplitOptions
            {
                Hop = parse.GetValue(hop) is double h ? TimeSpan.FromSeconds(h) : null, KeepPartial = !parse.GetValue(dropPartial),
                SplitOnSilence = parse.GetValue(onSilence), OutputDirectory = parse.GetValue(outputDir), Overwrite = parse.GetValue(force),
            };
            if (parse.GetValue(chunk) is double c) o = o with { ChunkDuration = TimeSpan.FromSeconds(c) };
            if (parse.GetValue(threshold) is double t) o = o with { SilenceThresholdDb = t };
            AudioSplitter splitter;
            try
            {
                splitter = new AudioSplitter(o);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            int failed = 0;
            IEnumerable<AudioChunk> Rows()
            {
                foreach (var file in parse.GetValue(paths)!)
                {
                    List<AudioChunk> chunks;
                    try
                    {
                        chunks = splitter.Split(file).ToList();
                    }
                    catch (Exception e) when (e is AudioFileException or IOException)
                    {
                        failed++;
                        Console.Error.WriteLine($"error: {e.Message}");
                        continue;
                    }
                    foreach (var c in chunks) yield return c;
                }
            }
            CsvOutput.Write(Rows(), Console.Out);
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
