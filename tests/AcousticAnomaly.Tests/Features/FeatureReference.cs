using System.Text.Json;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;

namespace AcousticAnomaly.Tests.Features;

/// <summary>Loads tests/fixtures/features: outputs of tests/reference/features_reference.py (numpy/scipy, float64).</summary>
internal static class FeatureReference
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures", "features");

    private static readonly Lazy<JsonDocument> Header =
        new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "features_reference.json"))));

    public static JsonElement Root => Header.Value.RootElement;

    public static float[] ReadF32(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, name));
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.ToSingle(bytes, 4 * i);
        return values;
    }

    public static double[] ReadF64(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Dir, name));
        var values = new double[bytes.Length / 8];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.ToDouble(bytes, 8 * i);
        return values;
    }

    public static JsonElement Clip(string name) =>
        Root.GetProperty("clips").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>The exact float samples the reference used.</summary>
    public static float[] Samples(string clip) => ReadF32($"{clip}.f32");

    public static AudioBuffer MonoBuffer(float[] samples, int sampleRate = 16000) =>
        new(new AudioFormat(sampleRate, 1, 16), samples);

    /// <summary>Expected log-mel as [frames][bands] (row-major).</summary>
    public static FeatureMatrix LogMel(string clip) => new(ReadF32($"{clip}.logmel.f32"), Root.GetProperty("n_mels").GetInt32());

    public static FeatureMatrix Mfcc(string clip) => new(ReadF32($"{clip}.mfcc.f32"), Root.GetProperty("n_mfcc").GetInt32());

    public static double[] Stats(string clip, string key) =>
        Clip(clip).GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
