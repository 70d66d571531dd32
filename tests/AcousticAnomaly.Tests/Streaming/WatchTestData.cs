using System.Runtime.InteropServices;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Models.IsolationForest;
using AcousticAnomaly.Models.Thresholds;
using AcousticAnomaly.Tests.Capture;
using AcousticAnomaly.Training;

namespace AcousticAnomaly.Tests.Streaming;

/// <summary>
/// A small Isolation Forest trained once per test run on 6 s of a healthy brushless motor (tests/fixtures/watch), and
/// the live signal: 2 s healthy, 2 s with a damaged propeller spliced in, 2 s healthy again - loaded into the
/// removable virtual microphone. Offline scores on these clips: healthy 1 s windows about -0.05, fully anomalous ones
/// about +0.19, half-and-half about +0.07, against the threshold 0.
/// </summary>
internal static class WatchTestData
{
    public const int Rate = 16000;
    public const int SpliceStart = 2 * Rate;
    public const int SpliceEnd = 4 * Rate;

    private static readonly Lazy<string> LazyModel = new(TrainModel);

    public static string ModelPath => LazyModel.Value;

    /// <summary>The spliced signal, 6 s of 16-bit samples.</summary>
    public static short[] Signal { get; } = BuildSignal();

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "watch", name);

    /// <summary>Puts the signal (then the fixture's 60 s of zero padding) behind the removable virtual microphone.</summary>
    public static void LoadIntoRemovableMicrophone(VirtualMicrophones mics)
    {
        using var f = File.Create(mics.RemovableFile);
        f.Write(MemoryMarshal.AsBytes(Signal.AsSpan()));
        f.Write(new byte[Rate * 60 * sizeof(short)]);
    }

    public static float[] AsFloats(ReadOnlySpan<short> samples)
    {
        var result = new float[samples.Length];
        for (int i = 0; i < samples.Length; i++) result[i] = samples[i] / 32768f;
        return result;
    }

    private static short[] Read(string name) =>
        AudioFile.ReadAll(Fixture(name)).Samples.Select(x => (short)Math.Round(x * 32768)).ToArray();

    private static short[] BuildSignal()
    {
        var healthy = Read("bldc-healthy-live.flac");
        var broken = Read("bldc-propeller-live.flac");
        return healthy[..SpliceStart].Concat(broken).Concat(healthy[SpliceStart..]).ToArray();
    }

    private static string TrainModel()
    {
        // In the test output folder (replaced each run) rather than a temp folder nobody would clean up.
        var path = Path.Combine(AppContext.BaseDirectory, "watch-test-bldc.onnx");
        var trainer = new ModelTrainer(new IsolationForestDetectorTrainer(new IsolationForestOptions(Seed: 1)),
            new TrainingOptions { Overwrite = true, ThresholdMethod = ThresholdMethod.Contamination }); // the forest's own boundary (0), as these tests expect
        trainer.Train(new[] { Fixture("bldc-healthy-train-a.flac"), Fixture("bldc-healthy-train-b.flac") }, path);
        return path;
    }
}
