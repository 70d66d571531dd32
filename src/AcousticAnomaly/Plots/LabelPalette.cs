namespace AcousticAnomaly.Plots;

/// <summary>One colour per class label, shared by the HTML report's SVG scatter and the PNG scatter so a label looks the
/// same in both (label k takes colour k modulo the count).</summary>
public static class LabelPalette
{
    /// <summary>The colours as #rrggbb.</summary>
    public static IReadOnlyList<string> Colours { get; } = ["#2f6db5", "#e0742b", "#3a9a5b", "#c0262d", "#8a5cc2", "#8c6d31", "#d45fa6", "#5f6b7a", "#1fa3a8", "#b5b82f"];
}
