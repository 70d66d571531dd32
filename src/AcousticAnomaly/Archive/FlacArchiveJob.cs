namespace AcousticAnomaly.Archive;

/// <summary>
/// One planned FLAC file: its sources in join order and its target. <see cref="Problem"/> is set when planning already
/// found it cannot be done (e.g. a source whose start time could not be read); converting it then throws that.
/// </summary>
public sealed record FlacArchiveJob(string[] Sources, string TargetPath, FlacArchiveException? Problem = null);

/// <summary>Progress of an archive run.</summary>
/// <param name="CurrentPath">The target being written.</param>
/// <param name="ItemIndex">Zero-based index of the current item.</param>
/// <param name="ItemCount">Items in the run.</param>
/// <param name="FramesDone">Frames encoded so far in the current item.</param>
/// <param name="FramesTotal">Frames in the current item (from the source headers).</param>
public sealed record FlacArchiveProgress(string CurrentPath, int ItemIndex, int ItemCount, long FramesDone, long FramesTotal);

/// <summary>The outcome of one item: a result or an error, never both.</summary>
public sealed record FlacArchiveItem(FlacArchiveJob Job, FlacArchiveResult? Result, FlacArchiveException? Error);
