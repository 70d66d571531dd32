namespace AcousticAnomaly.PowerShell;

/// <summary>An IProgress that hands each report to the pipeline thread (see <see cref="PipelineThreadPump"/>).</summary>
internal sealed class PostingProgress<T>(Action<Action> post, Action<T> onPipelineThread) : IProgress<T>
{
    public void Report(T value) => post(() => onPipelineThread(value));
}
