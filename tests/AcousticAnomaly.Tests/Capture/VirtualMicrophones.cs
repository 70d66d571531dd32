using Xunit;
using System.Runtime.InteropServices;
using System.Text;

namespace AcousticAnomaly.Tests.Capture;

/// <summary>
/// Microphones without a sound card: ALSA's `file` plugin feeds each capture device from a raw S16 file, and
/// PortAudio's ALSA host API lists them like real inputs. ALSA reads ALSA_CONFIG_PATH from the C environment when
/// PortAudio initialises, and .NET's Environment.SetEnvironmentVariable does not reach the C environ on Linux, so
/// this calls libc setenv. One instance per test process (xunit collection fixture); every test that touches
/// PortAudio is in <see cref="CaptureCollection"/> so none run in parallel.
/// </summary>
public sealed class VirtualMicrophones : IDisposable
{
    public const string Normal = "vmic_normal";
    public const string Anomaly = "vmic_anomaly";
    /// <summary>Opens fine, then every read fails: the captured data is written to /dev/full (ENOSPC -> EIO).</summary>
    public const string Broken = "vmic_broken";
    /// <summary>Backed by a file a test may delete and restore (see <see cref="RemovableFile"/>).</summary>
    public const string Removable = "vmic_removable";
    /// <summary>A 48 kHz device (a microphone that does not offer the models' 16 kHz), backed by <see cref="HifiFile"/>.</summary>
    public const string Hifi = "vmic_48k";
    public const int SampleRate = 16000;
    public const int HifiSampleRate = 48000;

    /// <summary>Zero frames after each clip: the file plugin is not paced and repeats stale data at the end of its
    /// file, so the files run far past anything a test reads.</summary>
    private const int PaddingFrames = SampleRate * 60;

    public VirtualMicrophones()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("acoustic-anomaly-vmic-").FullName;
        NormalSamples = LoadFixture("valve-normal-3s.s16");
        AnomalySamples = LoadFixture("valve-anomaly-3s.s16");
        WriteRaw(Path.Combine(Directory, "normal.raw"), NormalSamples);
        WriteRaw(Path.Combine(Directory, "anomaly.raw"), AnomalySamples);
        WriteRaw(Path.Combine(Directory, "broken.raw"), NormalSamples);
        RemovableFile = Path.Combine(Directory, "removable.raw");
        WriteRaw(RemovableFile, NormalSamples);
        HifiFile = Path.Combine(Directory, "hifi.raw");
        WriteRaw(HifiFile, Array.Empty<short>(), HifiSampleRate);

        var conf = new StringBuilder();
        conf.Append(Entry(Normal, "normal.raw", "/dev/null", "Virtual valve microphone (normal)"));
        conf.Append(Entry(Anomaly, "anomaly.raw", "/dev/null", "Virtual valve microphone (anomaly)"));
        conf.Append(Entry(Broken, "broken.raw", "/dev/full", "Virtual microphone whose reads fail"));
        conf.Append(Entry(Removable, "removable.raw", "/dev/null", "Virtual microphone backed by a removable file"));
        conf.Append(Entry(Hifi, "hifi.raw", "/dev/null", "Virtual 48 kHz microphone", HifiSampleRate));
        // Required: without a default entry Pa_Initialize aborts the process (assertion in BuildDeviceList).
        conf.Append($"pcm.!default {Normal}\n");
        ConfigPath = Path.Combine(Directory, "asound.conf");
        File.WriteAllText(ConfigPath, conf.ToString());
        if (setenv("ALSA_CONFIG_PATH", ConfigPath, 1) != 0)
        {
            throw new InvalidOperationException("setenv(ALSA_CONFIG_PATH) failed.");
        }
    }

    public string Directory { get; }
    public string ConfigPath { get; }
    public string RemovableFile { get; }
    public string HifiFile { get; }

    /// <summary>Puts 48 kHz samples (then 60 s of zeros) behind the <see cref="Hifi"/> device.</summary>
    public void LoadHifi(short[] samples) => WriteRaw(HifiFile, samples, HifiSampleRate);

    /// <summary>The exact samples each clip's device delivers first.</summary>
    public short[] NormalSamples { get; }
    public short[] AnomalySamples { get; }

    public void RestoreRemovableFile() => WriteRaw(RemovableFile, NormalSamples);

    public static short[] LoadFixture(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "fixtures", "capture", name));
        return MemoryMarshal.Cast<byte, short>(bytes).ToArray(); // S16_LE; the test machines are little-endian
    }

    private static void WriteRaw(string path, short[] samples, int rate = SampleRate)
    {
        using var f = File.Create(path);
        f.Write(MemoryMarshal.AsBytes(samples.AsSpan()));
        f.Write(new byte[PaddingFrames / SampleRate * rate * sizeof(short)]);
    }

    private string Entry(string name, string infile, string outfile, string description, int rate = SampleRate) =>
        $"pcm.{name} {{\n  type plug\n  slave {{\n" +
        $"    pcm {{ type file; slave.pcm {{ type null }}; file \"{outfile}\"; infile \"{Path.Combine(Directory, infile)}\"; format \"raw\" }}\n" +
        $"    format S16_LE; rate {rate}; channels 1\n  }}\n  hint {{ show on; description \"{description}\" }}\n}}\n";

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);
}

/// <summary>Every test that uses PortAudio: one shared set of virtual microphones, run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class CaptureCollection : ICollectionFixture<VirtualMicrophones>
{
    public const string Name = "Capture (PortAudio, virtual microphones)";
}
