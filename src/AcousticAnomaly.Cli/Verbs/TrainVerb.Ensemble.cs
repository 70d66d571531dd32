using System.CommandLine;
using AcousticAnomaly.Models.Ensemble;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>train ensemble (New-AnomalyEnsembleModel).</summary>
public static partial class TrainVerb
{
    private static Command Ensemble()
    {
        var d = new EnsembleOptions();
        var command = new Command("ensemble", $"Score ensemble: members' scores z-normalised on held-out training scores and averaged, one ONNX graph, like New-AnomalyEnsembleModel. Feature set default: {EnsembleOptions.RecommendedFeatureSet}.");
        var members = new Option<EnsembleMember[]>("--members")
        {
            Description = $"Member families, comma-separated ({string.Join(", ", Enum.GetNames<EnsembleMember>())}); default {string.Join(",", d.MemberList)}.",
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(v => Enum.Parse<EnsembleMember>(v, ignoreCase: true)).ToArray(),
        };
        var weights = new Option<double[]>("--weights")
        {
            Description = "One weight per member, comma-separated (normalised to sum 1); default equal.",
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        };
        var folds = new Option<int>("--folds") { Description = "Folds of the cross-fitting that gives the members' held-out scores.", DefaultValueFactory = _ => d.Folds };
        var seed = new Option<int>("--seed") { Description = "Seed of the members that draw random numbers.", DefaultValueFactory = _ => d.Seed };
        var common = new TrainingCommandOptions(command, EnsembleOptions.RecommendedFeatureSet);
        foreach (var o in new Option[] { members, weights, folds, seed }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var given = parse.GetValue(members);
            var w = parse.GetValue(weights);
            var options = new EnsembleOptions(given is { Length: > 0 } ? given : null, w is { Length: > 0 } ? w : null, parse.GetValue(folds), parse.GetValue(seed));
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            return common.Run(parse, new EnsembleDetectorTrainer(options), null);
        });
        return command;
    }
}
