using System.CommandLine;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly predict`: the CLI face of Invoke-AnomalyPrediction (same Predictor, same columns).</summary>
public static class PredictVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Audio files to score (WAV or FLAC).", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string>("--model", "-m") { Description = "The .onnx model.", Required = true };
        var threshold = new Option<double?>("--threshold") { Description = "Replace the model's threshold (higher = more anomalous)." };
        var segment = new Option<double?>("--segment") { Description = "Score in segments of this many seconds." };
        var features = new FeatureOptions();
        var command = new Command("predict", "Score audio files with an anomaly model (like Invoke-AnomalyPrediction).");
        command.Arguments.Add(paths);
        command.Options.Add(model);
        command.Options.Add(threshold);
        command.Options.Add(segment);
        SecondsOptions.Check(segment);
        features.AddTo(command);
        command.SetAction(parse =>
        {
            AnomalyModel loaded;
            Predictor predictor;
            try
            {
                loaded = AnomalyModel.Load(parse.GetValue(model)!, new ModelOverrides(features.Read(parse), parse.GetValue(threshold)));
                predictor = new Predictor(loaded, new PredictionOptions(parse.GetValue(segment) is { } s ? TimeSpan.FromSeconds(s) : null));
            }
            catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            using (loaded)
            using (var cancel = CliCancellation.OnCtrlC())
            {
                int failed = 0;
                IEnumerable<PredictionResult> Results()
                {
                    foreach (var file in parse.GetValue(paths)!)
                    {
                        IReadOnlyList<PredictionResult> rows;
                        try
                        {
                            rows = predictor.Predict(file, cancel.Token);
                        }
                        catch (AudioFileException e)
                        {
                            failed++;
                            Console.Error.WriteLine($"error: {e.Message}");
                            continue;
                        }
                        foreach (var row in rows) yield return row;
                    }
                }
                try
                {
                    CsvOutput.Write(Results(), Console.Out);
                }
                catch (OperationCanceledException)
                {
                    Console.Error.WriteLine("cancelled");
                    return 130;
                }
                return failed > 0 ? 1 : 0;
            }
        });
        return command;
    }
}
