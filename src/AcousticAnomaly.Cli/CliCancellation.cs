namespace AcousticAnomaly.Cli;

/// <summary>Ctrl+C cancels the running verb cleanly (files finalised) instead of killing the process.</summary>
internal static class CliCancellation
{
    public static CancellationTokenSource OnCtrlC()
    {
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            try { cancel.Cancel(); } catch (ObjectDisposedException) { }
        };
        return cancel;
    }
}
