using System.CommandLine;

namespace AcousticAnomaly.Cli;

/// <summary>The CLI's verbs, one per cmdlet. Each verb file exposes a static Create().</summary>
internal static class VerbRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return Verbs.DevicesVerb.Create();
        yield return Verbs.RecordVerb.Create();
        yield return Verbs.FlacVerb.Create();
        yield return Verbs.TrainVerb.Create();
        yield return Verbs.PredictVerb.Create();
        yield return Verbs.EvaluateVerb.Create();
        yield return Verbs.SpectrogramVerb.Create();
        yield return Verbs.DemoVerb.Create();
        yield return Verbs.WatchVerb.Create();
        yield return Verbs.SendVerb.Create();
        yield return Verbs.EventsVerb.Create();
        yield return Verbs.CheckVerb.Create();
        yield return Verbs.DatasetVerb.Create();
        yield return Verbs.SplitVerb.Create();
        yield return Verbs.SplitDatasetVerb.Create();
        yield return Verbs.AugmentVerb.Create();
        yield return Verbs.ClassifierVerbs.Classify();
        yield return Verbs.LevelVerb.Create();
        yield return Verbs.PruneVerb.Create();
        yield return Verbs.ModelVerb.Create();
    }
}
