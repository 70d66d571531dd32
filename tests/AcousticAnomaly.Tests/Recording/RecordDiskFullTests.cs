using System.Diagnostics;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Tests.Capture;
using Xunit;

namespace AcousticAnomaly.Tests.Recording;

/// <summary>
/// Issue 15 item 5: when a recording cannot write (disk full; here the file-size limit of `ulimit -f`, which fails
/// writes the same way), `record` names the device and file, stops every device cleanly, leaves every WAV valid and
/// exits 3 (fatal) - not an unhandled AggregateException.
/// </summary>
[Collection(CaptureCollection.Name)]
public sealed class RecordDiskFullTests(VirtualMicrophones mics) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("acoustic-anomaly-full-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AWriteFailureStopsEveryDeviceCleanlyAndNamesTheFile()
    {
        // 48 KB per file: 1.5 s of 16 kHz 16-bit mono. SIGXFSZ ignored, so the write fails with EFBIG like ENOSPC.
        string dll = Path.Combine(AppContext.BaseDirectory, "acoustic-anomaly.dll");
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"trap '' XFSZ; ulimit -f 48; exec dotnet '{dll}' record --device {VirtualMicrophones.Normal} " +
                             $"--device {VirtualMicrophones.Anomaly} --duration 30 --max-speed 20 --output-dir '{_dir}'");
        psi.Environment["ALSA_CONFIG_PATH"] = mics.ConfigPath;
        psi.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // W^X maps code through a memfd that the limit would cap
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("record did not stop after its write failed");
        }

        string err = await stderr;
        _ = await stdout;
        Assert.Equal(3, p.ExitCode);
        Assert.Matches(@"Device 'vmic_(normal|anomaly)': writing .*\.wav failed", err);
        Assert.Contains("Recording stopped on every device", err);
        Assert.DoesNotContain("AggregateException", err);
        Assert.DoesNotContain("Unhandled", err);
        var wavs = Directory.GetFiles(_dir, "*.wav");
        Assert.Equal(2, wavs.Length);
        foreach (var wav in wavs)
        {
            using var reader = AudioFile.Open(wav);
            var buffer = new float[4096];
            long frames = 0;
            int n;
            while ((n = reader.Read(buffer)) > 0) frames += n;
            Assert.True(frames > 0, $"{wav} holds no audio");
        }
    }
}
