using System.Collections.Concurrent;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Runs long work on a worker thread while the cmdlet's own (pipeline) thread performs everything the work posts -
/// WriteProgress, WriteError, WriteObject - because PowerShell allows those calls only on the pipeline thread.
/// Returns the work's result or rethrows its exception on the pipeline thread.
/// </summary>
internal static class PipelineThreadPump
{
    public static T Run<T>(Func<Action<Action>, T> work)
    {
        using var queue = new BlockingCollection<Action>();
        var task = Task.Run(() =>
        {
            try
            {
                return work(queue.Add);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });
        Exception? failed = null;
        foreach (var action in queue.GetConsumingEnumerable())
        {
            if (failed is not null) continue; // keep draining so the worker never blocks or writes to a disposed queue
            try
            {
                action();
            }
            catch (Exception e)
            {
                // Typically PipelineStoppedException after Ctrl+C: the cmdlet has cancelled the work; wait for it to end.
                failed = e;
            }
        }
        if (failed is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed).Throw();
        }
        return task.GetAwaiter().GetResult();
    }
}
