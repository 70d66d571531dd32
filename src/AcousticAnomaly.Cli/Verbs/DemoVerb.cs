using System.CommandLine;
using System.Globalization;
using AcousticAnomaly.Archive;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Models;
using AcousticAnomaly.Models.Gmm;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Cli.Verbs;

/// <summary>
/// `acoustic-anomaly demo`: the whole job on the bundled BLDC motor sample, through the same services the cmdlets use -
/// archive recordings to FLAC, train an Isolation Forest on normal clips, save it under models/, score held-back
/// normal and abnormal clips and print the verdicts.
/// </summary>
public static class DemoVerb
{
    public static Command Create()
    {
        var sample = new Option<string>("--sample") { Description = "Folder with normal/ and abnormal/ clips.", DefaultValueFactory = _ => Path.Combine("tests", "fixtures", "bldc-sample") };
        var models = new Option<string>("--models") { Description = "Where the trained model is saved.", DefaultValueFactory = _ => "models" };
        var work = new Option<string>("--work") { Description = "Scratch folder for the archive step.", DefaultValueFactory = _ => Path.Combine("artifacts", "demo") };
        var command = new Command("demo", "Run the whole job on the bundled sample: archive, train, score, report.");
        command.Options.Add(sample);
        command.Options.Add(models);
        command.Options.Add(work);
        command.SetAction(parse => Run(Path.GetFullPath(parse.GetValue(sample)!), Path.GetFullPath(parse.GetValue(models)!), Path.GetFullPath(parse.GetValue(work)!)));
        return command;
    }

    private static int Run(string sample, string models, string work)
    {
        var normal = Directory.GetFiles(Path.Combine(sample, "normal"), "*.flac").Order(StringComparer.Ordinal).ToList();
        var abnormal = Directory.GetFiles(Path.Combine(sample, "abnormal"), "*.flac").Order(StringComparer.Ordinal).ToList();
        // Every other normal clip trains the model, so training covers the motor's whole speed range; the rest are held back.
        var train = normal.Where((_, i) => i % 2 == 0).ToList();
        var heldBack = normal.Where((_, i) => i % 2 == 1).ToList();

        Console.WriteLine($"AcousticAnomaly demo on {sample}");
        Console.WriteLine();
        Archive(normal.Skip(1).Take(2).ToList(), work); // two 16 kHz clips: one FLAC holds one format

        // The recommended default (docs/benchmarks.md): TWFR-GMM - a diagonal Gaussian mixture on TWFR-pooled log-mel,
        // several k-means starts averaged - whose leave-one-out training scores give a threshold that holds with only a
        // few training clips.
        Console.WriteLine($"2. Train the recommended TWFR-GMM detector (Gaussian mixture on TWFR log-mel) on {train.Count} normal clips");
        Directory.CreateDirectory(models);
        var options = new TrainingOptions { Overwrite = true, Features = new FeatureSettings { FeatureSet = GmmOptions.RecommendedFeatureSet } };
        var info = new ModelTrainer(new GmmDetectorTrainer(new GmmOptions()), options)
            .Train(train, Path.Combine(models, "bldc-demo.onnx"), (f, e) => Console.Error.WriteLine($"error: {e.Message}"));
        Console.WriteLine($"   saved {info.Path}: {info.TrainingVectors} feature vectors ({info.FeatureSet}), threshold {info.Threshold:0.####}");
        Console.WriteLine();

        Console.WriteLine($"3. Score {heldBack.Count} held-back normal and {abnormal.Count} abnormal clips");
        using var model = AnomalyModel.Load(info.Path);
        var predictor = new Predictor(model);
        var rows = heldBack.Select(p => (p, truth: "normal")).Concat(abnormal.Select(p => (p, truth: "anomaly")))
            .Select(x => (x.truth, result: predictor.Predict(x.p).Single())).ToList();
        TextTable.Write(Console.Out, ["File", "Score", "Threshold", "Label", "Truth", "Correct"], rows.Select(r => (IReadOnlyList<string>)
        [
            Path.GetFileName(r.result.Path), r.result.Score.ToString("0.0000", CultureInfo.InvariantCulture),
            r.result.Threshold.ToString("0.####", CultureInfo.InvariantCulture), r.result.Label, r.truth,
            r.result.Label == r.truth ? "yes" : "NO",
        ]));
        var auc = RocMetrics.Auc(RocCurve.Compute(rows.Select(r => r.truth == "anomaly").ToList(), rows.Select(r => r.result.Score).ToList()));
        Console.WriteLine();
        Console.WriteLine($"   {rows.Count(r => r.result.Label == r.truth)} of {rows.Count} clips labelled correctly; ROC AUC {auc:0.000}");
        Console.WriteLine($"   Score any recording with: acoustic-anomaly predict --model {info.Path} <files>");
        return 0;
    }

    /// <summary>Step 1: two clips stand in for a recorder's rolling WAV segments, then are archived as one FLAC per minute.</summary>
    private static void Archive(IReadOnlyList<string> clips, string work)
    {
        var recordings = Path.Combine(work, "recordings");
        var archive = Path.Combine(work, "archive");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(recordings);
        var start = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
        var segments = new List<string>();
        foreach (var clip in clips)
        {
            var audio = AudioFile.ReadAll(clip);
            var path = Path.Combine(recordings, $"bldc-m1_{start:yyyy-MM-ddTHH-mm-ss}Z.wav");
            using (var writer = new WavWriter(path, audio.SampleRate, audio.Channels, WavSampleFormat.Pcm16)) writer.Write(audio.Samples);
            segments.Add(path);
            start += audio.Duration;
        }
        Console.WriteLine($"1. Archive {segments.Count} recorded WAV segments as one FLAC per minute (verified sample-exact)");
        var archiver = new FlacArchiver(new FlacArchiveOptions { OutputDirectory = archive, GroupBy = FlacGroupBy.Minute, RemoveSource = true });
        foreach (var item in archiver.Run(segments))
        {
            if (item.Error is not null) throw item.Error;
            var r = item.Result!;
            Console.WriteLine($"   {Path.GetFileName(r.Path)}: {r.SourceCount} segments, {r.Duration:0.0} s, {r.Channels} ch, {r.SampleRate} Hz, ratio {r.CompressionRatio:0.00}; sources removed after verification");
        }
        Console.WriteLine();
    }
}
