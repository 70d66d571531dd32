using System.CommandLine;
using System.Text.Json;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly evaluate`: the CLI face of Measure-AnomalyModel (same ModelEvaluation, same columns).</summary>
public static class EvaluateVerb
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "The .onnx model.", Required = true };
        var normal = new Option<string[]>("--normal")
        {
            Description = "Normal recordings: files or folders (a folder means its *.wav and *.flac files).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var abnormal = new Option<string[]>("--abnormal")
        {
            Description = "Abnormal recordings: files or folders (a folder means its *.wav and *.flac files).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var report = new Option<string?>("--report") { Description = "Also write a self-contained HTML report to this file." };
        var threshold = new Option<double?>("--threshold") { Description = "Measure at this threshold instead of the model's." };
        var spectrograms = new Option<int>("--spectrograms") { Description = "Worst clips shown as spectrograms in the report.", DefaultValueFactory = _ => ModelEvaluationOptions.Defaults.ReportSpectrograms };
        var format = new Option<string>("--format") { Description = "csv (default) or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var features = new FeatureOptions();

        var command = new Command("evaluate", "Measure a model on labelled recordings: AUC, pAUC, precision, recall, F1 (like Measure-AnomalyModel).");
        command.Options.Add(model);
        command.Options.Add(normal);
        command.Options.Add(abnormal);
        command.Options.Add(report);
        command.Options.Add(threshold);
        command.Options.Add(spectrograms);
        command.Options.Add(format);
        features.AddTo(command);
        command.Subcommands.Add(ClassifierVerbs.Evaluate());
        command.SetAction(parse =>
        {
            int failed = 0;
            EvaluationResult result;
            using var cancel = CliCancellation.OnCtrlC();
            try
            {
                var evaluation = new ModelEvaluation(new ModelEvaluationOptions
                {
                    ModelPath = parse.GetValue(model),
                    Overrides = new ModelOverrides(features.Read(parse), parse.GetValue(threshold)),
                    ReportPath = parse.GetValue(report),
                    ReportSpectrograms = parse.GetValue(spectrograms),
                });
                var clips = ModelEvaluation.FromPaths(parse.GetValue(normal)!, parse.GetValue(abnormal)!);
                result = evaluation.Evaluate(clips, (_, e) =>
                {
                    failed++;
                    Console.Error.WriteLine($"error: {e.Message}");
                }, cancellationToken: cancel.Token).Result;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("cancelled");
                return 130;
            }
            catch (Exception e) when (e is OnnxModelException or OnnxRuntimeException or ArgumentException or InvalidOperationException or IOException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            if (parse.GetValue(format) == "json")
                Console.Out.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            else
                CsvOutput.Write([result], Console.Out);
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
