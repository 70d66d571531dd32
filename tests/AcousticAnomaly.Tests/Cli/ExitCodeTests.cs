using System.CommandLine;
using AcousticAnomaly.Cli;
using Xunit;

namespace AcousticAnomaly.Tests.Cli;

/// <summary>
/// Issue 15 item 11: distinct exit codes (0 ok, 1 some items failed, 2 usage, 3 fatal, 130 cancelled) so a script can
/// tell a bad file from a bad command line from a crash. Crash and cancel mapping in process; the rest through the CLI.
/// </summary>
public class ExitCodeTests : IDisposable
{
    private readonly string _dir = FlacTestSupport.TempDir();
    public void Dispose() => Directory.Delete(_dir, true);

    private static (int Code, string Err) InvokeWith(Action action, params string[] args)
    {
        var root = new RootCommand("test");
        var verb = new Command("boom", "fails");
        verb.SetAction(_ => { action(); return 0; });
        root.Subcommands.Add(verb);
        var err = new StringWriter();
        return (ExitCodes.Invoke(root, args, err), err.ToString());
    }

    [Fact]
    public void AnExceptionNoVerbHandledIsFatalNotSomeItemsFailed()
    {
        var (code, err) = InvokeWith(() => throw new OverflowException("Value was either too large or too small."), "boom");
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Equal(3, code);
        Assert.StartsWith("fatal: OverflowException: Value was either too large", err);
    }

    [Fact]
    public void CancellationEscapingAVerbIs130()
    {
        var (code, err) = InvokeWith(() => throw new OperationCanceledException(), "boom");
        Assert.Equal(130, code);
        Assert.Contains("cancelled", err);
    }

    [Fact]
    public void ParseErrorsAreUsage()
    {
        var (code, _) = InvokeWith(() => { }, "boom", "--no-such-option");
        Assert.Equal(2, code);
    }

    [Fact]
    public void CliUsageItemsFailedAndOkAreDistinct()
    {
        string wav = Path.Combine(_dir, "a.wav");
        FlacTestSupport.WriteWav(wav, FlacTestSupport.Signal(1000, 1, 16, 1), 16000, 1);

        Assert.Equal(2, CliRunner.Run("flac", wav, "--level", "9").ExitCode);
        Assert.Equal(2, CliRunner.Run("flac").ExitCode); // no paths
        Assert.Equal(1, CliRunner.Run("flac", wav, Path.Combine(_dir, "missing.wav")).ExitCode);
        Assert.Equal(0, CliRunner.Run("flac", wav, "--force").ExitCode);
    }

    [Fact]
    public void FlacGivenToFlacWithForceAndRemoveSourceIsKeptAndReported()
    {
        // Issue 15 item 1 as reported: the FLAC was deleted, then the CLI crashed with FileNotFoundException.
        string wav = Path.Combine(_dir, "x.wav");
        var s = FlacTestSupport.Signal(2000, 1, 16, 2);
        FlacTestSupport.WriteWav(wav, s, 16000, 1);
        Assert.Equal(0, CliRunner.Run("flac", "--remove-source", wav).ExitCode);
        string flac = Path.Combine(_dir, "x.flac");

        var (code, _, stderr) = CliRunner.Run("flac", "--force", "--remove-source", flac);
        Assert.Equal(1, code);
        Assert.Contains("both an input and the FLAC", stderr);
        Assert.DoesNotContain("--force", stderr); // the advice that led to the loss is never given here
        Assert.DoesNotContain("Exception", stderr);
        Assert.Equal(s, FlacTestSupport.DecodeAll(flac, out _));
    }
}
