using AcousticAnomaly.Features;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Tests.Evaluation;

/// <summary>
/// A small Isolation Forest trained once per test class on tests/fixtures/evaluation-audio/train (five 1.5 s normal valve
/// clips), with a 95th-percentile threshold so the confusion matrix is not trivially all-normal or all-anomaly.
/// </summary>
public sealed class EvaluationModelFixture : IDisposable
{
    public EvaluationModelFixture()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aa-eval-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        ModelPath = Train("valve.onnx", new FeatureSettings());
    }

    public string Directory { get; }
    public string ModelPath { get; }

    public static string AudioDir(string part) => TestPaths.Fixture("evaluation-audio", part);
    public static string NormalDir => AudioDir("normal");
    public static string AbnormalDir => AudioDir("abnormal");

    /// <summary>Trains another model on the same clips with other feature settings.</summary>
    public string Train(string name, FeatureSettings features)
    {
        var path = System.IO.Path.Combine(Directory, name);
        var files = System.IO.Directory.GetFiles(AudioDir("train")).Order(StringComparer.Ordinal).ToList();
        new ModelTrainer(new IsolationForestDetectorTrainer(new IsolationForestOptions(TreeCount: 50, Seed: 7)),
            new TrainingOptions { Features = features, ThresholdMethod = ThresholdMethod.Percentile, ThresholdParameter = 95 })
            .Train(files, path);
        return path;
    }

    /// <summary>A unique empty folder inside the fixture's temp folder.</summary>
    public string NewDirectory()
    {
        var d = System.IO.Path.Combine(Directory, Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(d);
        return d;
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { }
    }
}
