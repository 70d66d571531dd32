namespace AcousticAnomaly.Training;

/// <summary>One audio file and the label (folder name) it belongs to.</summary>
public sealed record LabelledAudioFile(string Path, string Label);
