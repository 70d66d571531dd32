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

    /// <summary>
    /// Ctrl+C and SIGTERM call <paramref name="stop"/> instead of killing the process, so a capture can finalise every
    /// file before the verb returns. Dispose to restore the default handling.
    /// </summary>
    public static IDisposable OnStopSignals(Action stop) => new StopSignals(stop);

    private sealed class StopSignals : IDisposable
    {
        private readonly ConsoleCancelEventHandler _onCancel;
        private readonly System.Runtime.InteropServices.PosixSignalRegistration _sigterm;

        public StopSignals(Action stop)
        {
            _onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop();
            };
            Console.CancelKeyPress += _onCancel;
            _sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
                System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
                {
                    ctx.Cancel = true;
                    stop();
                });
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= _onCancel;
            _sigterm.Dispose();
        }
    }
}
