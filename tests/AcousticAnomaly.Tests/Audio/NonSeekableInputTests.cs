using System.Diagnostics;
using System.IO.Pipes;
using AcousticAnomaly.Audio;
using Xunit;

namespace AcousticAnomaly.Tests.Audio;

/// <summary>
/// Issue 15 item 6: a pipe (`predict a.wav &lt;(cat x.wav) b.wav`) or a FIFO with no writer is refused at once with a
/// clear per-file error, never a NotSupportedException or a hang, and the files after it are still done.
/// </summary>
public class NonSeekableInputTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    private string Fifo(string name)
    {
        string path = Path.Combine(_dir, name);
        using var p = Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return path;
    }

    [Fact]
    public async Task AFifoWithNoWriterIsRefusedWithoutBlocking()
    {
        string fifo = Fifo("nobody-writes.wav");
        // Runs on a worker so a regression shows as a failed wait, not a test run that never ends.
        var open = Task.Run(() => Assert.Throws<AudioFileException>(() => AudioFile.Open(fifo)));
        var e = await open.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("is a pipe or FIFO, not a regular file", e.Message);
        Assert.Throws<AudioFileException>(() => WavReader.Open(fifo));
        Assert.Throws<AudioFileException>(() => AcousticAnomaly.Audio.Flac.FlacReader.Open(fifo));
    }

    [Fact]
    public void AnAnonymousPipeIsRefusedNotNotSupported()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        string path = $"/proc/self/fd/{server.ClientSafePipeHandle.DangerousGetHandle()}";
        var e = Assert.Throws<AudioFileException>(() => AudioFile.Open(path));
        Assert.Contains("pipe or FIFO", e.Message);
    }

    [Fact]
    public void TheCliGoesOnWithTheFilesAfterAFifo()
    {
        string a = Path.Combine(_dir, "a.wav"), b = Path.Combine(_dir, "b.wav");
        FlacTestSupport.WriteWav(a, FlacTestSupport.Signal(1000, 1, 16, 1), 16000, 1);
        FlacTestSupport.WriteWav(b, FlacTestSupport.Signal(1000, 1, 16, 2), 16000, 1);
        string fifo = Fifo("fifo.wav");

        var (code, _, stderr) = CliRunner.Run("flac", a, fifo, b);
        Assert.Equal(1, code);
        Assert.Contains(fifo + ": is a pipe or FIFO", stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "b.flac")));
    }
}
