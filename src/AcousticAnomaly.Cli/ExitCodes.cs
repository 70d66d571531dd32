using System.CommandLine;

namespace AcousticAnomaly.Cli;

/// <summary>
/// The process exit codes, distinct so scripts can tell "some files were bad" from "nothing could run" from a crash
/// (documented in README "Exit codes").
/// </summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>Some items (files, groups, segments) failed, each reported on stderr; the others were done.</summary>
    public const int ItemsFailed = 1;

    /// <summary>Nothing was run: bad arguments or options, or an unusable model or device given on the command line.</summary>
    public const int Usage = 2;

    /// <summary>The run stopped part way (disk full, device or I/O failure) or the program failed unexpectedly.</summary>
    public const int Fatal = 3;

    /// <summary>Stopped by Ctrl+C; files already written are complete.</summary>
    public const int Cancelled = 130;

    /// <summary>
    /// Parses and runs: parse errors exit <see cref="Usage"/> (System.CommandLine would say 1, which means "some items
    /// failed" here), and an exception no verb handled exits <see cref="Fatal"/> with one line naming it, not 1 and a
    /// stack trace that looks like a per-file error.
    /// </summary>
    public static int Invoke(RootCommand root, string[] args, TextWriter error)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            parse.Invoke(new InvocationConfiguration { Error = error });
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cancelled");
            return Cancelled;
        }
        catch (Exception e)
        {
            error.WriteLine($"fatal: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("ACOUSTICANOMALY_TRACE") == "1") error.WriteLine(e);
            return Fatal;
        }
    }
}
