using AcousticAnomaly.Models;
using AcousticAnomaly.Onnx;
using Xunit;
using static AcousticAnomaly.Tests.TestPaths;

namespace AcousticAnomaly.Tests.Models;

/// <summary>Get-AnomalyModel / `acoustic-anomaly model` (issue 9, defect 4) on the committed ONNX fixtures.</summary>
public class ModelDescriptionTests
{
    [Fact]
    public void Describes_our_anomaly_model_from_its_metadata()
    {
        var d = ModelDescription.Read(Fixture("onnx", "with_metadata.onnx"));
        Assert.Equal("Anomaly", d.Kind);
        Assert.Equal("IsolationForest", d.Algorithm);
        Assert.Equal(0.125, d.Threshold);
        Assert.Equal("channel 2", d.ChannelRule);
        Assert.Equal(16000, d.SampleRate);
        Assert.Equal(12, d.TrainingClips);
        Assert.Equal(3708, d.TrainingVectors);
        Assert.Equal("max_samples=256;trees=100", d.TrainingParameters);
    }

    [Fact]
    public void Describes_a_foreign_model_as_external_without_settings()
    {
        var d = ModelDescription.Read(Fixture("onnx", "sklearn_iforest.onnx"));
        Assert.Equal("External", d.Kind);
        Assert.Null(d.Threshold);
        Assert.Null(d.FeatureSet);
        Assert.Contains("skl2onnx", d.Producer);
    }

    [Fact]
    public void A_file_that_is_not_a_model_names_itself()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aa-notmodel-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "not a model");
        try
        {
            var e = Assert.Throws<OnnxModelException>(() => ModelDescription.Read(path));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Cli_model_verb_prints_the_description_as_csv_with_property_names_as_header()
    {
        var (code, stdout, stderr) = CliRunner.Run("model", Fixture("onnx", "with_metadata.onnx"), Fixture("onnx", "sklearn_iforest.onnx"));
        Assert.True(code == 0, stderr);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(CliRunner.HeaderOf<ModelDescription>(), rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal("Anomaly", rows[1][Array.IndexOf(rows[0], "Kind")]);
        Assert.Equal("External", rows[2][Array.IndexOf(rows[0], "Kind")]);
    }
}
