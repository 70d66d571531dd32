using System.Management.Automation;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Start-AudioRecording -AsJob: the recording runs in this process (the devices are already open) and its
/// RecordingSegments arrive in the job's output as files are finalised. Stop-Job stops capture and returns only once
/// every file is finalised, so the files are complete the moment Stop-Job returns; Receive-Job gives the segments.
/// </summary>
public sealed class AudioRecordingJob : Job
{
    private readonly RecordingRun _run;
    private readonly Task _pump;
    private volatile bool _stopRequested;

    internal AudioRecordingJob(string command, string directory, RecordingRun run) : base(command)
    {
        _run = run;
        Location = directory;
        PSJobTypeName = nameof(AudioRecordingJob);
        SetJobState(JobState.Running);
        _pump = Task.Run(PumpAsync);
    }

    public override string Location { get; }

    public override string StatusMessage => _stopRequested ? "Stopping" : "";

    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0;

    public override void StopJob()
    {
        _stopRequested = true;
        _run.Stop();
        // Stop-Job returns when every file is finalised, not merely when stopping was asked for.
        _pump.Wait();
    }

    private async Task PumpAsync()
    {
        var state = JobState.Completed;
        try
        {
            await foreach (var e in _run.Events.ReadAllAsync())
            {
                if (e.Segment is not null) Output.Add(PSObject.AsPSObject(e.Segment));
                else if (e.Status is { } s) Warning.Add(new WarningRecord($"{s.Device}: {s.State}: {s.Message}"));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Error.Add(new ErrorRecord(ex, "RecordingWriteFailed", ErrorCategory.WriteError, Location));
            state = JobState.Failed;
        }
        finally
        {
            _run.Dispose();
        }
        SetJobState(state == JobState.Completed && _stopRequested ? JobState.Stopped : state);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && JobStateInfo.State is JobState.Running or JobState.NotStarted) StopJob();
        base.Dispose(disposing);
    }
}
