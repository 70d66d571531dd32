using System.Runtime.InteropServices;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Models.Classifiers;
using AcousticAnomaly.Streaming;
using AcousticAnomaly.Tests.Capture;
using AcousticAnomaly.Tests.Models.Classifiers;
using AcousticAnomaly.Training;
using Xunit;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.Tests.Streaming;

/// <summary>
/// A small Mlp classifier trained here on synthetic tones (ToneDataset: low 300 Hz, mid 1.1 kHz, high 3.2 kHz, 0.5 s
/// clips), watching the removable virtual microphone playing 2 s of the low tone then 2 s of the high one.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class ClassificationWatcherTests : IDisposable
{
    private const string Mic = VirtualMicrophones.Removable;
    private const int Rate = VirtualMicrophones.SampleRate;
    private readonly VirtualMicrophones _mics;
    private readonly string _dir = Directory.CreateTempSubdirectory("aa-classwatch-").FullName;
    private readonly string _model;
    private readonly float[] _signal;

    public ClassificationWatcherTests(VirtualMicrophones mics)
    {
        _mics = mics;
        using (var tones = new ToneDataset())
        {
            _model = Path.Combine(_dir, "tones.onnx");
            var options = new ClassifierOptions { Architecture = ClassifierArchitecture.Mlp, Epochs = 15, Width = 8, BatchSize = 8, LearningRate = 0.01, Seed = 2, Patience = 15 };
            new ClassifierModelTrainer(options).Train(LabelledFolders.Read(tones.Root), _model);
        }
        // The tones with the training clips' faint noise (a pure tone's empty bands would be far outside what it learnt).
        _signal = new float[4 * Rate];
        var rng = new Random(1);
        for (int n = 0; n < _signal.Length; n++)
            _signal[n] = (float)(0.3 * Math.Sin(2 * Math.PI * (n < 2 * Rate ? 300 : 3200) * n / Rate) + 0.02 * (rng.NextDouble() - 0.5));
        var pcm = _signal.Select(x => (short)Math.Round(x * 32767)).ToArray();
        using var f = File.Create(mics.RemovableFile);
        f.Write(MemoryMarshal.AsBytes(pcm.AsSpan()));
        f.Write(new byte[Rate * 30 * sizeof(short)]);
    }

    public void Dispose()
    {
        _mics.RestoreRemovableFile();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>0.5 s windows (the training clips' length) every 0.25 s over the 4 s signal, read at 20x real time.</summary>
    private ClassificationWatchOptions Options() => new()
    {
        Devices = [Mic],
        ModelPath = _model,
        WindowDuration = TimeSpan.FromSeconds(0.5),
        HopDuration = TimeSpan.FromSeconds(0.25),
        Duration = TimeSpan.FromSeconds(4),
        Capture = new CaptureOptions { SpeedLimit = 20, QueueCapacity = 4096 },
    };

    private static async Task<List<ClassificationWatchResult>> WatchAll(ClassificationWatchOptions options)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var results = new List<ClassificationWatchResult>();
        using var run = ClassificationWatcher.Start(options);
        await foreach (var e in run.Events.ReadAllAsync(timeout.Token))
        {
            if (e.Result is { } r) results.Add(r);
        }
        return results;
    }

    [Fact]
    public async Task EachWindowIsLabelledWithTheToneBeingPlayedAsTheOfflineClassifierLabelsIt()
    {
        var results = await WatchAll(Options());
        Assert.Equal(Enumerable.Range(2, 15).Select(i => i * 0.25), results.Select(r => r.Offset));
        Assert.All(results.Where(r => r.Offset <= 2), r => Assert.Equal("low", r.Label));
        Assert.All(results.Where(r => r.Offset >= 2.5), r => Assert.Equal("high", r.Label));
        Assert.All(results, r =>
        {
            Assert.Equal(Mic, r.Device);
            Assert.Equal(0, r.FramesLost);
            Assert.InRange(r.LatencyMs, 0, 10000);
        });

        // The live path gives exactly what the file path gives the same samples (the mic delivers 16-bit audio).
        using var classifier = AudioClassifier.Load(_model);
        foreach (var r in results)
        {
            int end = (int)Math.Round(r.Offset * Rate);
            var window = _signal[(end - Rate / 2)..end].Select(x => (short)Math.Round(x * 32767) / 32768f).ToArray();
            var offline = classifier.Classify("x", 0, window);
            Assert.Equal(offline.Label, r.Label);
            Assert.Equal(offline.Probability, r.Probability, 4);
        }

        // Events: confident windows, each label at most once per 2 s of audio.
        var events = results.Where(r => r.IsEvent).ToList();
        Assert.Equal(["low", "high"], events.Where(e => !Straddles(e)).Select(e => e.Label).Distinct());
        foreach (var g in events.GroupBy(e => e.Label))
            Assert.True(g.Zip(g.Skip(1)).All(p => p.Second.Offset - p.First.Offset >= 2), g.Key);
    }

    [Fact]
    public async Task ChangesOnlyReportsEachNewLabelOnce()
    {
        var results = await WatchAll(Options() with { ChangesOnly = true, HoldOff = TimeSpan.Zero });
        // The window straddling the change (half low, half high) may get a label of its own (mid, in between).
        Assert.Equal(["low", "high"], results.Where(r => !Straddles(r)).Select(r => r.Label));
        Assert.All(results, r => Assert.True(r.IsEvent && r.Probability >= 0.6));
        Assert.Equal(0.5, results[0].Offset);
    }

    [Fact]
    public void TheWatchVerbGivenAClassifierPrintsLabelRows()
    {
        string evidence = Path.Combine(_dir, "evidence"), record = Path.Combine(_dir, "rec");
        var (code, stdout, stderr) = CliRunner.Run(_mics, "watch", "--device", Mic, "--model", _model, "--window", "0.5",
            "--duration", "4", "--max-speed", "20", "--changes-only", "--hold-off", "0", "--save-anomalies", evidence, "--record-dir", record);
        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(typeof(ClassificationWatchResult).GetProperties().Select(p => p.Name), rows[0]);
        // Changes only: the first window (ending at 0.5 s) is the first low, the last change is to high.
        Assert.Equal("0.5", rows[1][2]);
        Assert.Equal("low", rows[1][3]);
        Assert.Equal("high", rows[^1][3]);
        // The anomaly watch's --save-anomalies and --record-dir work with a classifier too: a FLAC per event (every
        // confident window with no hold-off, printed or not), the audio as WAV.
        Assert.InRange(Directory.GetFiles(evidence, "*.flac").Length, rows.Count - 1, 16);
        Assert.Equal(4.0, AudioFile.ReadAll(Assert.Single(Directory.GetFiles(record, "*.wav"))).Samples.Length / (double)Rate);
    }

    [Fact]
    public async Task EvidenceAndRecordingKeepEachEventsWindowAndTheAudioAsTheAnomalyWatchDoes()
    {
        string evidence = Path.Combine(_dir, "evidence"), record = Path.Combine(_dir, "rec");
        var options = Options() with { EvidenceDirectory = evidence, RecordDirectory = record, RecordSegmentDuration = TimeSpan.FromSeconds(2) };
        var results = new List<ClassificationWatchResult>();
        var files = new List<string>();
        var segments = new List<RecordingSegment>();
        await foreach (var e in ClassificationWatcher.WatchAsync(options))
        {
            if (e.Result is { } r) results.Add(r);
            if (e.EvidenceFile is { } f) files.Add(f);
            if (e.Segment is { } s) segments.Add(s);
        }

        // One FLAC per event, holding exactly the classified window (16-bit samples), named after device and label.
        var events = results.Where(r => r.IsEvent).ToList();
        Assert.Equal(events.Count, files.Count);
        Assert.Equal(files.Order(), Directory.GetFiles(evidence, "*.flac").Order());
        foreach (var (ev, file) in events.Zip(files))
        {
            Assert.StartsWith($"{Mic.Replace('_', '-')}-{ev.Label}_", Path.GetFileName(file)); // names keep "_" before the time
            int end = (int)Math.Round(ev.Offset * Rate);
            var expected = _signal[(end - Rate / 2)..end].Select(x => (short)Math.Round(x * 32767) / 32768f);
            Assert.Equal(expected, AudioFile.ReadAll(file).Samples);
        }
        // The recording: two 2-s WAV files holding the 4 s played, sample for sample.
        Assert.Equal(2, segments.Count);
        Assert.All(segments, s => Assert.Equal((Mic, 2.0), (s.Device, s.Duration)));
        var recorded = segments.SelectMany(s => AudioFile.ReadAll(s.Path).Samples).ToArray();
        Assert.Equal(_signal.Select(x => (short)Math.Round(x * 32767) / 32768f), recorded);
    }

    private static bool Straddles(ClassificationWatchResult r) => r.Offset is > 2 and < 2.5;

    [Fact]
    public void TheGateHonoursMinProbabilityAndAPerLabelHoldOff()
    {
        var gate = new LabelEventGate(2, 0.6, TimeSpan.FromSeconds(2));
        Assert.Equal((false, false), gate.Observe(0, 0.59, TimeSpan.FromSeconds(0)));
        Assert.Equal((true, true), gate.Observe(0, 0.9, TimeSpan.FromSeconds(1)));
        Assert.Equal((false, false), gate.Observe(0, 0.9, TimeSpan.FromSeconds(2.5)));
        Assert.Equal((true, true), gate.Observe(1, 0.9, TimeSpan.FromSeconds(2.6))); // another label is not held off
        Assert.Equal((true, true), gate.Observe(0, 0.9, TimeSpan.FromSeconds(3)));
        Assert.Equal((true, false), gate.Observe(0, 0.9, TimeSpan.FromSeconds(5)));
        gate.BreakRun();
        Assert.Equal((true, true), gate.Observe(0, 0.9, TimeSpan.FromSeconds(7)));
    }

    [Fact]
    public void AWarmWindowClassifierAllocatesNothing()
    {
        using var classifier = AudioClassifier.Load(_model);
        using var window = classifier.CreateWindowClassifier();
        var samples = _signal.AsSpan(0, Rate / 2).ToArray();
        window.Classify(samples);
        window.Classify(samples);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (label, probability) = window.Classify(samples);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal("low", window.LabelOf(label));
        Assert.Equal(classifier.Classify("x", 0, samples).Probability, probability, 5);
    }
}
