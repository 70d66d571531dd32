using System.Management.Automation;
using AcousticAnomaly.Audio;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.PowerShell;

/// <summary>Cuts long recordings into fixed-length chunks (optionally overlapping) or into the sounds between silences.</summary>
/// <remarks>
/// Each chunk is a WAV named &lt;source&gt;_&lt;offset seconds&gt;s.wav, beside the source or in -OutputDirectory.
/// Integer PCM keeps its bit depth and every sample: chunks without overlap or gap concatenate to the source exactly.
/// -Hop shorter than -ChunkDuration overlaps chunks; the last, shorter chunk is kept unless -DropPartial.
/// -SplitOnSilence keeps each stretch of 100 ms windows at or above -SilenceThresholdDb. Chunks are written under a
/// temporary name and renamed when complete; an existing chunk is an error unless -Force.
/// </remarks>
/// <example>
/// <code>Split-AudioFile long.wav -ChunkDuration 3 -OutputDirectory chunks</code>
/// <para>3-second chunks chunks/long_0.000s.wav, chunks/long_3.000s.wav, ...</para>
/// </example>
/// <example>
/// <code>Get-ChildItem takes/*.wav | Split-AudioFile -SplitOnSilence -SilenceThresholdDb -45 -OutputDirectory data/snap</code>
/// <para>One file per sound, ready as labelled clips.</para>
/// </example>
[Cmdlet(VerbsCommon.Split, "AudioFile", SupportsShouldProcess = true, DefaultParameterSetName = "Path")]
[OutputType(typeof(AudioChunk))]
public sealed class SplitAudioFileCommand : FileInputCmdlet
{
    /// <summary>Chunk length in seconds or as a TimeSpan (default 3 s).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? ChunkDuration { get; set; }

    /// <summary>Start-to-start distance of chunks (default: the chunk length, no overlap).</summary>
    [Parameter]
    [SecondsTransformation]
    public TimeSpan? Hop { get; set; }

    /// <summary>Leave out the last chunk when it is shorter than the others.</summary>
    [Parameter]
    public SwitchParameter DropPartial { get; set; }

    /// <summary>One file per sound instead of fixed chunks.</summary>
    [Parameter]
    public SwitchParameter SplitOnSilence { get; set; }

    /// <summary>RMS level in dBFS of a 100 ms window that counts as sound (default -50).</summary>
    [Parameter]
    public double? SilenceThresholdDb { get; set; }

    /// <summary>Folder for the chunks (created if missing); by default beside each source.</summary>
    [Parameter]
    public string? OutputDirectory { get; set; }

    /// <summary>Replace existing chunk files.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private AudioSplitter? _splitter;

    protected override void BeginProcessing()
    {
        var o = new AudioSplitOptions
        {
            Hop = Hop, KeepPartial = !DropPartial, SplitOnSilence = SplitOnSilence, Overwrite = Force,
            OutputDirectory = OutputDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(OutputDirectory),
        };
        if (ChunkDuration is not null) o = o with { ChunkDuration = ChunkDuration };
        if (SilenceThresholdDb is double t) o = o with { SilenceThresholdDb = t };
        try
        {
            _splitter = new AudioSplitter(o);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "InvalidSplit", ErrorCategory.InvalidArgument, null));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveInputFiles())
        {
            try
            {
                foreach (var chunk in _splitter!.Split(file, target => ShouldProcess(target, $"Write chunk of {System.IO.Path.GetFileName(file)}")))
                    WriteObject(chunk);
            }
            catch (AudioFileException e)
            {
                WriteError(new ErrorRecord(e, "AudioFileUnreadable", ErrorCategory.InvalidData, file));
            }
            catch (IOException e)
            {
                WriteError(new ErrorRecord(e, "ChunkNotWritten", ErrorCategory.WriteError, file));
            }
        }
    }
}
