using System.Text.Json;
using AcousticAnomaly.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Evaluation;

/// <summary>The classifier report's PCA scatter and silhouette against scikit-learn (tests/reference/pca_silhouette_reference.py).</summary>
public sealed class PcaSilhouetteTests
{
    private sealed record Reference(int Rows, int Columns, float[] X, int[] Labels, double[] Points, double[] Ratio, double Silhouette,
        double Silhouette2d);

    private static readonly Reference Ref = JsonSerializer.Deserialize<Reference>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "evaluation", "pca_silhouette_reference.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [Fact]
    public void PcaMatchesScikitLearnIncludingSigns()
    {
        var (points, ratio) = Pca2d.Project(Ref.X, Ref.Rows, Ref.Columns);
        for (int i = 0; i < points.Length; i++) Assert.True(Math.Abs(points[i] - Ref.Points[i]) < 1e-4, $"point value {i}: {points[i]} vs {Ref.Points[i]}");
        Assert.Equal(Ref.Ratio[0], ratio[0], 6);
        Assert.Equal(Ref.Ratio[1], ratio[1], 6);
    }

    [Fact]
    public void SilhouetteMatchesScikitLearnInTheFeatureSpaceAndTheScatter()
    {
        var rows = Ref.X.Select(v => (double)v).ToArray();
        Assert.Equal(Ref.Silhouette, Silhouette.Score(rows, Ref.Rows, Ref.Columns, Ref.Labels), 9);
        Assert.Equal(Ref.Silhouette2d, Silhouette.Score(Ref.Points, Ref.Rows, 2, Ref.Labels), 9);
    }
}
