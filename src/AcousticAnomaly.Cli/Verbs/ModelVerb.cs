using System.CommandLine;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>`acoustic-anomaly model`: the CLI face of Get-AnomalyModel (same ModelDescription, same columns).</summary>
public static class ModelVerb
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("models") { Description = ".onnx files or folders of them.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("model", "Show what model files are: algorithm, threshold and method, feature settings, labels, training summary (like Get-AnomalyModel).");
        command.Arguments.Add(paths);
        command.SetAction(parse =>
        {
            int failed = 0;
            var files = parse.GetValue(paths)!.SelectMany<string, string>(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*.onnx").Order(StringComparer.Ordinal)
                : [p]);
            CsvOutput.Write(files.Select(f =>
            {
                try
                {
                    return ModelDescription.Read(f);
                }
                catch (OnnxModelException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    failed++;
                    return null;
                }
            }).OfType<ModelDescription>(), Console.Out);
            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}
