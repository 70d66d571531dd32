using AcousticAnomaly.Audio;
using AcousticAnomaly.Evaluation;
using AcousticAnomaly.Features;
using AcousticAnomaly.Plots;
using AcousticAnomaly.Tests.Evaluation;
using Xunit;

namespace AcousticAnomaly.Tests.Plots;

public class SpectrogramExporterTests(EvaluationModelFixture fixture) : IClassFixture<EvaluationModelFixture>
{
    private static string Clip => Directory.GetFiles(EvaluationModelFixture.AbnormalDir).Order(StringComparer.Ordinal).First();

    [Fact]
    public void WritesThePngOfTheClipsLogMelInTheOutputDirectory()
    {
        var dir = Path.Combine(fixture.NewDirectory(), "pictures");
        var result = new SpectrogramExporter(new SpectrogramExportOptions(OutputDirectory: dir)).Export(Clip);

        var expectedPath = Path.Combine(dir, Path.GetFileNameWithoutExtension(Clip) + ".png");
        Assert.Equal(new SpectrogramExportResult(expectedPath, Clip, 47, 128), result); // 1.5 s at 16 kHz, hop 512, centred
        var logMel = new FeatureExtractor(new FeatureSettings()).LogMel(AudioFile.ReadAll(Clip));
        Assert.Equal(new SpectrogramRenderer().RenderPng(logMel.ToArrays()), File.ReadAllBytes(expectedPath));
    }

    [Fact]
    public void DefaultsToBesideTheAudioFile()
    {
        var copy = Path.Combine(fixture.NewDirectory(), "clip.flac");
        File.Copy(Clip, copy);
        var result = new SpectrogramExporter().Export(copy);
        Assert.Equal(Path.ChangeExtension(copy, ".png"), result.Path);
        Assert.True(File.Exists(result.Path));
    }

    [Fact]
    public void AnExistingPictureIsKeptUnlessOverwriting()
    {
        var dir = fixture.NewDirectory();
        var target = Path.Combine(dir, Path.GetFileNameWithoutExtension(Clip) + ".png");
        File.WriteAllText(target, "keep me");
        var e = Assert.Throws<AcousticAnomaly.IO.TargetExistsException>(() => new SpectrogramExporter(new SpectrogramExportOptions(OutputDirectory: dir)).Export(Clip));
        Assert.Contains(target, e.Message);
        Assert.Equal("keep me", File.ReadAllText(target));

        new SpectrogramExporter(new SpectrogramExportOptions(OutputDirectory: dir, Overwrite: true)).Export(Clip);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(target).Take(4));
    }

    [Fact]
    public void UsesTheModelsFeatureSettings()
    {
        var model = fixture.Train("bands64.onnx", new FeatureSettings { MelBands = 64, HopLength = 256 });
        var exporter = new SpectrogramExporter(new SpectrogramExportOptions(
            Features: new FeatureSettings { MelBands = 32 }, ModelPath: model, OutputDirectory: fixture.NewDirectory()));
        var result = exporter.Export(Clip);
        Assert.Equal((94, 64), (result.Width, result.Height)); // floor(24000 samples / hop 256) + 1 frames, the model's 64 bands
    }

    [Fact]
    public void AnUnreadableFileIsAnAudioFileExceptionNamingIt()
    {
        var bad = Path.Combine(fixture.NewDirectory(), "bad.wav");
        File.WriteAllBytes(bad, new byte[64]);
        var e = Assert.Throws<AudioFileException>(() => new SpectrogramExporter().Export(bad));
        Assert.StartsWith(bad + ": ", e.Message);
        Assert.False(File.Exists(Path.ChangeExtension(bad, ".png")));
    }

    [Fact]
    public void CliVerbPrintsARowPerPictureAndAnErrorPerBadFile()
    {
        var dir = fixture.NewDirectory();
        var bad = Path.Combine(dir, "bad.wav");
        File.WriteAllText(bad, "not audio");
        var (code, stdout, stderr) = CliRunner.Run("spectrogram", Clip, bad, "--output-dir", dir);

        Assert.Equal(1, code);
        var rows = CliRunner.ParseCsv(stdout);
        Assert.Equal(typeof(SpectrogramExportResult).GetProperties().Select(p => p.Name), rows[0]);
        Assert.Equal([Path.Combine(dir, Path.GetFileNameWithoutExtension(Clip) + ".png"), Clip, "47", "128"], rows[1]);
        Assert.Equal(2, rows.Count);
        Assert.Contains(bad, stderr);
    }

    [Fact]
    public void ALongFileIsDrawnWithinThePixelBudgetTheLoudestFrameOfEachColumnKept()
    {
        // Issue 15 item 13: the file is streamed and the picture bounded. 20 s = 626 frames over a 64-column budget:
        // 16 frames per column (the first power of two that fits), 40 columns, each the per-band maximum of its frames.
        var dir = fixture.NewDirectory();
        var path = Path.Combine(dir, "long.wav");
        FlacTestSupport.WriteWav(path, FlacTestSupport.Signal(20 * 16000, 2, 16, 3), 16000, 2);
        var result = new SpectrogramExporter(new SpectrogramExportOptions(MaxWidth: 64)).Export(path);

        var frames = new FeatureExtractor(new FeatureSettings()).LogMel(AudioFile.ReadAll(path)).ToArrays();
        Assert.Equal(626, frames.Length);
        var expected = frames.Chunk(16).Select(g => Enumerable.Range(0, 128).Select(b => g.Max(f => f[b])).ToArray()).ToArray();
        Assert.Equal((40, 128), (result.Width, result.Height));
        Assert.Equal(new SpectrogramRenderer().RenderPng(expected), File.ReadAllBytes(result.Path));
    }
}
