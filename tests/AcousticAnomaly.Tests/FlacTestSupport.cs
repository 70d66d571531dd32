using System.Diagnostics;

namespace AcousticAnomaly.Tests;

/// <summary>Helpers for FLAC tests: deterministic test signals, temp folders and the flac/metaflac CLIs.</summary>
internal static class FlacTestSupport
{
    /// <summary>A sine per channel plus seeded noise, spanning most of the bit depth (exercises every bit).</summary>
    public static int[] Signal(int frames, int channels, int bits, int seed = 1)
    {
        var rng = new Random(seed);
        long max = (1L << (bits - 1)) - 1;
        var s = new int[frames * channels];
        for (int i = 0; i < frames; i++)
            for (int c = 0; c < channels; c++)
            {
                double v = 0.6 * Math.Sin(2 * Math.PI * (220 + 110 * c) * i / 16000.0) + 0.3 * (rng.NextDouble() * 2 - 1);
                s[i * channels + c] = (int)Math.Clamp(Math.Round(v * max), -max - 1, max);
            }
        // Put the extremes in so range handling is tested.
        if (s.Length >= 2) { s[0] = (int)(-max - 1); s[1] = (int)max; }
        return s;
    }

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "aa-flac-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Runs a CLI and returns (exit code, stdout + stderr).</summary>
    public static (int Code, string Output) Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(); throw new TimeoutException($"{exe} did not finish"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Writes a 16-bit PCM WAV the plain way (44-byte header), for archiver tests.</summary>
    public static void WriteWav(string path, int[] interleaved, int rate, int channels, int bits = 16)
    {
        int bytesPer = bits / 8;
        using var w = new BinaryWriter(File.Create(path));
        int dataBytes = interleaved.Length * bytesPer;
        w.Write("RIFF"u8); w.Write(36 + dataBytes); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)channels); w.Write(rate);
        w.Write(rate * channels * bytesPer); w.Write((short)(channels * bytesPer)); w.Write((short)bits);
        w.Write("data"u8); w.Write(dataBytes);
        foreach (var s in interleaved)
        {
            if (bits == 16) w.Write((short)s);
            else if (bits == 24) { w.Write((byte)s); w.Write((byte)(s >> 8)); w.Write((byte)(s >> 16)); }
            else if (bits == 8) w.Write((byte)(s + 128));
            else w.Write(s);
        }
    }

    /// <summary>Decodes a whole FLAC file with our reader.</summary>
    public static int[] DecodeAll(string path, out AcousticAnomaly.Audio.AudioFormat format)
    {
        using var r = AcousticAnomaly.Audio.Flac.FlacReader.Open(path);
        format = r.Format;
        var all = new List<int>();
        var buf = new int[1000 * r.Format.Channels + 3]; // odd size: exercises partial-block reads
        int n;
        while ((n = r.ReadInt32(buf)) > 0) all.AddRange(buf.AsSpan(0, n * r.Format.Channels).ToArray());
        return all.ToArray();
    }
}
