using System.CommandLine;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Onnx;
using AcousticAnomaly.Plots;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly spectrogram`: the CLI face of Export-Spectrogram (same SpectrogramExporter, same columns).</summary>
public static class SpectrogramVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Audio files (WAV or FLAC).", Arity = ArgumentArity.OneOrMore };
        var outputDir = new Option<string?>("--output-dir") { Description = "Folder for the PNG files (default: beside each audio file)." };
        var model = new Option<string?>("--model", "-m") { Description = "Use the feature settings stored in this model." };
        var sampleRate = new Option<int?>("--sample-rate") { Description = $"Analysis sample rate in Hz (default {Features.FeatureSettings.Defaults.SampleRate}) when no model settings apply." };
        var channel = new Option<int?>("--channel") { Description = "Zero-based channel; -1 (default) averages all channels." };
        var force = new Option<bool>("--force") { Description = "Overwrite existing PNG files." };
        var command = new Command("spectrogram", "Save the log-mel spectrogram of each audio file as a PNG (like Export-Spectrogram).");
        command.Arguments.Add(paths);
        command.Options.Add(outputDir);
        command.Options.Add(model);
        command.Options.Add(sampleRate);
        command.Options.Add(channel);
        command.Options.Add(force);
        command.SetAction(parse =>
        {
            SpectrogramExporter exporter;
            try
            {
                exporter = new SpectrogramExporter(new SpectrogramExportOptions(
                    FeatureSettings.Create(null, parse.GetValue(sampleRate), parse.GetValue(channel)),
                    parse.GetValue(model), parse.GetValue(outputDir), parse.GetValue(force)));
            }
            catch (Exception e) when (e is OnnxModelException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            int failed = 0;
            IEnumerable<SpectrogramExportResult> Rows()
            {
                foreach (var file in parse.GetValue(paths)!)
                {
                    SpectrogramExportResult row;
                    try
                    {
                        row = exporter.Export(file);
                    }
                    catch (Exception e) when (e is AudioFileException or IOException)
                    {
                        failed++;
                        Console.Error.WriteLine($"error: {CliErrors.Describe(e)}");
                        continue;
                    }
                    yield return row;
                }
            }
            CsvOutput.Write(Rows(), Console.Out);
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
