using System.Management.Automation;
using AcousticAnomaly.Datasets;

namespace AcousticAnomaly.PowerShell;

/// <summary>Checks that audio files are fit for training: readable, complete, not empty, silent, clipped or non-finite.</summary>
/// <remarks>
/// Reads each WAV or FLAC file once and emits one record per file with IsValid, Reason (Unreadable, Truncated, Empty,
/// Silent, Clipped, NonFinite, WrongSampleRate; several are comma separated), Detail, Duration, Format, SampleRate,
/// Channels, PeakDb, RmsDb and ClippedSamples. A bad file is a record with IsValid false, not an error, so
/// `| Where-Object IsValid` keeps the good ones. Hidden files (a leading dot) are skipped.
/// </remarks>
/// <example>
/// <code>Get-ChildItem data -Recurse -File | Test-AudioFile | Where-Object { -not $_.IsValid } | Format-Table Path, Reason</code>
/// <para>Lists the clips of a dataset that should be removed, and why.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem data/*/*.wav | Test-AudioFile -SampleRate 16000 -SilenceThresholdDb -50</code>
/// <para>Also flags clips at another rate than 16 kHz and clips whose peak stays under -50 dBFS.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "AudioFile", DefaultParameterSetName = "Path")]
[OutputType(typeof(AudioFileCheck))]
public sealed class TestAudioFileCommand : FileInputCmdlet
{
    /// <summary>A clip whose peak stays below this level in dBFS is Silent (default -60).</summary>
    [Parameter]
    public double? SilenceThresholdDb { get; set; }

    /// <summary>Clips at any other sample rate (Hz) are WrongSampleRate.</summary>
    [Parameter]
    [ValidateRange(1000, 384000)]
    public int? SampleRate { get; set; }

    private AudioFileChecker? _checker;

    protected override void BeginProcessing()
    {
        var options = new AudioFileCheckOptions { ExpectedSampleRate = SampleRate };
        if (SilenceThresholdDb is double t) options = options with { SilenceThresholdDb = t };
        _checker = new AudioFileChecker(options);
    }

    protected override void ProcessRecord()
    {
        foreach (var file in ResolveInputFiles())
        {
            if (DatasetFiles.IsHidden(file))
            {
                WriteVerbose($"Skipping hidden file {file}");
                continue;
            }
            WriteObject(_checker!.Check(file));
        }
    }
}
