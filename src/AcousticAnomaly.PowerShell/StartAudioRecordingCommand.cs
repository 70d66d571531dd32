using System.Management.Automation;
using AcousticAnomaly.Capture;
using AcousticAnomaly.Recording;

namespace AcousticAnomaly.PowerShell;

/// <summary>Records audio input devices into WAV files, several devices at once.</summary>
/// <remarks>
/// Devices come from -Device (names, unique wildcards or indices; Tab completes names) or from Get-AudioDevice on the
/// pipeline (bound by the Name and Index properties). All devices start together once the pipeline input has been
/// collected, and a RecordingSegment (Path, Device, Start, Duration, SampleRate, Channels, FramesLost) is written as
/// each file is finalised. Files are named &lt;device&gt;_&lt;UTC start&gt;.wav so several devices line up.
/// -Duration counts captured audio, not wall-clock time; without it recording runs until Ctrl+C, which stops
/// capture and still finalises every file. -SegmentDuration rolls to a new file at exact frame boundaries;
/// -ClipDuration writes fixed-length clips and drops an unfinished last one; -SplitOnSilence keeps only sound at or
/// above -SilenceThresholdDb. A lost device is reported as a warning and reopened; the lost frames are counted in the
/// next file's FramesLost.
/// </remarks>
/// <example>
/// <code>Start-AudioRecording -Device 'USB Audio' -OutputDirectory ./rec -Duration 00:10:00 -SegmentDuration 00:01:00</code>
/// <para>Ten minutes from one microphone, as ten one-minute files.</para>
/// </example>
/// <example>
/// <code>Start-AudioRecording -Listen 5004 -OutputDirectory ./rec -SegmentDuration 60</code>
/// <para>Records every microphone streamed to port 5004 on this machine (Send-AudioStream) into its own files.</para>
/// </example>
/// <example>
/// <code>Start-AudioRecording -Device mic -OutputDirectory data -Label snap -SplitOnSilence -Duration 60; Start-AudioRecording -Device mic -OutputDirectory data -Label snap -MatchLongestClip -Duration 600</code>
/// <para>A few snaps cut on silence into data/snap/, then ten minutes of clips as long as the longest of them.</para>
/// </example>
/// <example>
/// <code>$job = Start-AudioRecording -Device 'USB Audio' -OutputDirectory ./rec -SegmentDuration 60 -AsJob; Start-Sleep -Seconds 5; Stop-Job $job; Receive-Job $job</code>
/// <para>Records in the background; Stop-Job finalises every file before it returns, Receive-Job lists them.</para>
/// </example>
/// <example>
/// <code>Get-AudioDevice -Name *USB* | Start-AudioRecording -OutputDirectory ./rec -SegmentDuration 00:00:10</code>
/// <para>Records every USB microphone in ten-second files until Ctrl+C.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Start, "AudioRecording", SupportsShouldProcess = true, DefaultParameterSetName = DeviceSet)]
// -AsJob emits the job; declared as Job so the standard job table (Id, Name, State, HasMoreData ...) shows it.
[OutputType(typeof(RecordingSegment), typeof(Job))]
public sealed class StartAudioRecordingCommand : DeviceInputCmdlet
{
    private static RecordingOptions Defaults => RecordingOptions.Defaults;

    /// <summary>Folder for the files (created if missing); default the current location.</summary>
    [Parameter(Position = 1)]
    public string OutputDirectory { get; set; } = Defaults.OutputDirectory;

    /// <summary>Audio to record per device, in seconds or as a TimeSpan, counted in captured frames; omit to record until Ctrl+C.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? Duration { get; set; }

    /// <summary>Length of each rolling file, in seconds or as a TimeSpan; omit for one file per device.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? SegmentDuration { get; set; }

    /// <summary>Fixed-length clip mode: every file exactly this long; an unfinished last clip is deleted.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? ClipDuration { get; set; }

    /// <summary>Frames per second.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int SampleRate { get; set; } = Defaults.SampleRate;

    /// <summary>File sample format: Wav16 (default), Wav24 or Float.</summary>
    [Parameter]
    public RecordingFormat Format { get; set; } = Defaults.Format;

    /// <summary>Keep only sound: files start at sound and end after 0.5 s of silence.</summary>
    [Parameter]
    public SwitchParameter SplitOnSilence { get; set; }

    /// <summary>With -SplitOnSilence: the RMS level (dBFS) below which 100 ms counts as silence.</summary>
    [Parameter]
    [ValidateRange(-150.0, 0.0)]
    public double SilenceThresholdDb { get; set; } = Defaults.SilenceThresholdDb;

    /// <summary>With -SplitOnSilence: files shorter than this are discarded.</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan MinimumDuration { get; set; } = Defaults.MinimumDuration;

    /// <summary>Labelled recording: files go into &lt;OutputDirectory&gt;/&lt;Label&gt;/, the layout Get-AudioDataset and Split-AudioDataset read.</summary>
    [Parameter]
    [ValidatePattern(@"^[^/\\:*?""<>|]+$")]
    public string? Label { get; set; }

    /// <summary>With -Label: fixed-length clips as long as the longest clip already in the label's folder (record a few on silence, then many at that length).</summary>
    [Parameter]
    public SwitchParameter MatchLongestClip { get; set; }

    /// <summary>Low-disk guard: stop cleanly, every file finalised, once the output folder's disk has less free space
    /// than this many bytes (1GB works; 0 turns it off; default 100 MB).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? MinFreeSpace { get; set; }

    /// <summary>
    /// Record in the background: returns an AudioRecordingJob at once. Receive-Job gives the RecordingSegments so far;
    /// Stop-Job ends the recording and returns once every file is finalised.
    /// </summary>
    [Parameter]
    public SwitchParameter AsJob { get; set; }

    protected override void EndProcessing()
    {
        string directory = this.ResolveOutputDirectory(OutputDirectory)!;
        if (Label is not null) directory = System.IO.Path.Combine(directory, Label);
        if (MatchLongestClip)
        {
            ClipDuration = Datasets.DatasetScanner.LongestClip(directory)?.Duration;
            if (ClipDuration is null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-MatchLongestClip: no readable clip in {directory} yet; record some with -SplitOnSilence first."),
                    "NoClipToMatch", ErrorCategory.ObjectNotFound, directory));
        }
        this.RequirePositive(("Duration", Duration), ("SegmentDuration", SegmentDuration), ("ClipDuration", ClipDuration));
        if (!ShouldProcess(directory, $"Record {DeviceList} into WAV files"))
        {
            return;
        }

        var options = new RecordingOptions
        {
            Devices = Devices.ToArray(),
            OutputDirectory = directory,
            SampleRate = SampleRate,
            Channels = Channels,
            Duration = Duration,
            SegmentDuration = SegmentDuration,
            ClipDuration = ClipDuration,
            Format = Format,
            SplitOnSilence = SplitOnSilence.IsPresent,
            SilenceThresholdDb = SilenceThresholdDb,
            MinimumDuration = MinimumDuration,
            Capture = new CaptureOptions { SpeedLimit = MaxSpeed },
            Listen = ListenOptions(),
        };
        if (MinFreeSpace is { } minFree) options = options with { MinFreeSpace = minFree };

        RecordingRun run;
        try
        {
            run = StartCapture(() => Recorder.Start(options));
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidRecordingOptions", ErrorCategory.InvalidArgument, options));
            return;
        }

        if (AsJob)
        {
            var job = new AudioRecordingJob(MyInvocation.Line, directory, run);
            JobRepository.Add(job);
            WriteObject(job);
            return;
        }

        using (run)
        using (Cancellation.Token.Register(run.Stop))
        {
            try
            {
                DrainOnPipelineThread(run.Events, e =>
                {
                    if (e.Segment is not null) WriteObject(e.Segment);
                    else if (e.Status is { } s) WriteWarning($"{s.Device}: {s.State}: {s.Message}");
                });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "RecordingWriteFailed", ErrorCategory.WriteError, directory));
            }
        }
    }
}
