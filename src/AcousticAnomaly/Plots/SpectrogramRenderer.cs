namespace AcousticAnomaly.Plots;

/// <summary>Service behind a spectrogram export: a log-mel matrix in, a PNG file or bytes out.</summary>
public sealed class SpectrogramRenderer
{
    private readonly SpectrogramRenderOptions _options;

    public SpectrogramRenderer(SpectrogramRenderOptions? options = null) => _options = options ?? SpectrogramRenderOptions.Default;

    /// <summary>PNG bytes of <paramref name="logMel"/> (float[time][mel]).</summary>
    public byte[] RenderPng(float[][] logMel) => SpectrogramImage.Render(logMel, _options).ToPng();

    /// <summary>Writes the PNG to <paramref name="path"/> atomically and returns the full path written.</summary>
    public string SavePng(float[][] logMel, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var image = SpectrogramImage.Render(logMel, _options);
        PngWriter.Save(path, image.Width, image.Height, image.Pixels);
        return Path.GetFullPath(path);
    }

    /// <summary>A data: URI for embedding in HTML.</summary>
    public string RenderDataUri(float[][] logMel) => "data:image/png;base64," + Convert.ToBase64String(RenderPng(logMel));
}
