using AcousticAnomaly.Audio;
using AcousticAnomaly.Features;
using AcousticAnomaly.IO;
using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Plots;

/// <summary>
/// Audio file in, PNG of its log-mel spectrogram out (time left to right, low frequencies at the bottom, viridis over
/// the top 80 dB - the same pictures the evaluation report embeds). The service behind Export-Spectrogram and
/// `acoustic-anomaly spectrogram`.
/// </summary>
public sealed class SpectrogramExporter
{
    private readonly SpectrogramExportOptions _options;
    private readonly FeatureExtractor _extractor;

    /// <summary>Reads the model's settings when one is given; an unreadable model throws <see cref="OnnxModelException"/>.</summary>
    public SpectrogramExporter(SpectrogramExportOptions? options = null)
    {
        _options = options ?? new SpectrogramExportOptions();
        var fromModel = _options.ModelPath is null ? null : ModelMetadata.ReadFromModel(Path.GetFullPath(_options.ModelPath))?.FeatureSettings;
        _extractor = new FeatureExtractor(fromModel ?? _options.Features ?? new FeatureSettings());
    }

    /// <summary>The settings the pictures are computed with.</summary>
    public FeatureSettings Settings => _extractor.Settings;

    /// <summary>Where the PNG for <paramref name="source"/> goes: its name with .png, in OutputDirectory or beside it.</summary>
    public string TargetPath(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var full = Path.GetFullPath(source);
        var directory = _options.OutputDirectory is null ? Path.GetDirectoryName(full)! : Path.GetFullPath(_options.OutputDirectory);
        return Path.Combine(directory, Path.GetFileNameWithoutExtension(full) + ".png");
    }

    /// <summary>
    /// Writes the picture (atomically: a temporary file, then a rename). An unreadable or too-short clip throws
    /// <see cref="AudioFileException"/>, an existing PNG without Overwrite throws <see cref="IOException"/>; both name the file.
    /// </summary>
    public SpectrogramExportResult Export(string source)
    {
        var target = TargetPath(source);
        if (File.Exists(target) && !_options.Overwrite)
            throw new TargetExistsException(target);
        float[][] columns;
        try
        {
            columns = SpectrogramColumns.Read(source, _extractor, _options.MaxWidth);
        }
        catch (ArgumentException e)
        {
            // Too short for one frame, or a channel the file does not have: a problem of this file, reported as one.
            throw ExtractionError.ForFile(source, e);
        }
        var image = SpectrogramImage.Render(columns);
        PngWriter.Save(target, image.Width, image.Height, image.Pixels);
        return new SpectrogramExportResult(target, Path.GetFullPath(source), image.Width, image.Height);
    }
}
