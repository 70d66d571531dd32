using System.Diagnostics;
using System.Globalization;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Benchmarks;

/// <summary>
/// End to end, in process: what Invoke-AnomalyPrediction does for one hour of 16 kHz audio - read each file, extract
/// DCASE log-mel frames, score every vector through ONNX Runtime, average per clip - with an Isolation Forest trained on
/// the first 25 normal valve clips. Also splits the time into reading, features and scoring, and compares the C# tree
/// scorer with ONNX Runtime on the same vectors and model.
/// </summary>
public sealed class PredictionBenchmark : IBenchmark
{
    public string Name => "predict-hour";
    public string Usage => "<dataset dir with normal/> <audio files or one long file...> [--segment S] - Predictor over the files, plus C# scorer vs ONNX Runtime";

    public int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine(Usage); return 2; }
        double? segment = null;
        var files = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--segment") segment = double.Parse(args[++i], CultureInfo.InvariantCulture);
            else files.Add(args[i]);
        }
        var train = Directory.GetFiles(Path.Combine(args[0], "normal"), "*.wav").Order(StringComparer.Ordinal).Take(25).ToList();
        var modelPath = Path.Combine(Path.GetTempPath(), $"aa-predict-bench-{Environment.ProcessId}.onnx");
        var forest = new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: 0));
        var sw = Stopwatch.StartNew();
        new ModelTrainer(forest, new TrainingOptions { Overwrite = true }).Train(train, modelPath);
        Console.WriteLine($"trained on {train.Count} clips in {sw.Elapsed.TotalSeconds:0.00} s");

        using var model = AnomalyModel.Load(modelPath);
        var predictor = new Predictor(model, new PredictionOptions(segment is { } s ? TimeSpan.FromSeconds(s) : null));
        predictor.Predict(files[0]); // warm-up: JIT, ONNX Runtime session caches

        double audioSeconds = 0;
        int results = 0;
        sw.Restart();
        foreach (var f in files)
        {
            foreach (var r in predictor.Predict(f))
            {
                audioSeconds += r.Duration;
                results++;
            }
        }
        var total = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"end to end: {audioSeconds / 3600:0.000} h of audio, {files.Count} files, {results} results in {total:0.000} s ({audioSeconds / total:0} x real time)");

        // Where the time goes, stage by stage, on the same files.
        var extractor = new FeatureExtractor(model.FeatureSettings);
        double read = 0, features = 0, score = 0;
        var matrices = new List<FeatureMatrix>();
        foreach (var f in files)
        {
            sw.Restart();
            var audio = AudioFile.ReadAll(f);
            read += sw.Elapsed.TotalSeconds;
            sw.Restart();
            var m = extractor.Extract(audio);
            features += sw.Elapsed.TotalSeconds;
            sw.Restart();
            model.ScoreVectors(m);
            score += sw.Elapsed.TotalSeconds;
            if (matrices.Sum(x => x.Rows) < 50_000) matrices.Add(m);
        }
        Console.WriteLine($"stages: read {read:0.000} s, features {features:0.000} s, ONNX Runtime scoring {score:0.000} s");

        // C# scorer vs ONNX Runtime on identical vectors: retrain the same forest in memory (same seed, same data).
        var vectors = new FeatureMatrix(matrices.SelectMany(m => m.Data).ToArray(), matrices[0].Columns);
        var trainVectors = train.Select(f => extractor.Extract(AudioFile.ReadAll(f))).ToList();
        var trained = forest.Train(new FeatureMatrix(trainVectors.SelectMany(m => m.Data).ToArray(), vectors.Columns), default);
        double Best(Action a) { a(); return Enumerable.Range(0, 5).Select(_ => { var t = Stopwatch.StartNew(); a(); return t.Elapsed.TotalSeconds; }).Min(); }
        var ort = Best(() => model.ScoreVectors(vectors));
        var csharp = Best(() => trained.Score(vectors));
        var maxDiff = model.ScoreVectors(vectors).Zip(trained.Score(vectors)).Max(p => Math.Abs(p.First - p.Second));
        Console.WriteLine($"scorer on {vectors.Rows} vectors (best of 5): C# {csharp * 1e6 / vectors.Rows:0.00} us/vector, ONNX Runtime {ort * 1e6 / vectors.Rows:0.00} us/vector, ratio ORT/C# {ort / csharp:0.00}; max |difference| {maxDiff:0.0e0}");
        File.Delete(modelPath);
        return 0;
    }
}
