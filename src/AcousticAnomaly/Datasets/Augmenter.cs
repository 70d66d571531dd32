using AcousticAnomaly.Audio;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Makes augmented copies of clips: each recipe gives one new clip named <c>&lt;source&gt;__&lt;recipe&gt;.wav</c>
/// (plus <c>_s&lt;seed&gt;</c> when it draws random numbers), written whole or not at all. Every random draw comes from
/// a seed derived from the options' seed, the source file name and the recipe, so runs repeat exactly and adding a
/// file or a recipe does not change the others.
/// </summary>
public sealed class Augmenter
{
    private readonly AugmentationOptions _options;

    public AugmentationOptions Options => _options;

    public Augmenter(AugmentationOptions options)
    {
        if (options.Recipes.Count == 0) throw new ArgumentException("Give at least one augmentation.", nameof(options));
        _options = options;
    }

    /// <summary>The training side of a split manifest (or another side) as inputs.</summary>
    public static IReadOnlyList<AugmentationInput> FromManifest(string manifestPath, string split = DatasetSplitNames.Train) =>
        ManifestCsv.Read(manifestPath)
            .Where(r => split.Length == 0 || string.Equals(r.GetValueOrDefault("Split", ""), split, StringComparison.OrdinalIgnoreCase))
            .Select(r => new AugmentationInput(
                r.TryGetValue("Path", out var p) ? p : throw new InvalidDataException($"{manifestPath}: no Path column"),
                r.GetValueOrDefault("Label", ""), r.GetValueOrDefault("Split", ""), r.GetValueOrDefault("Group", "")))
            .ToList();

    public int SeedFor(AugmentationInput input, AugmentationRecipe recipe) =>
        StableSeed.Derive(_options.Seed, System.IO.Path.GetFileName(input.Path), recipe.Name);

    public string TargetPath(AugmentationInput input, AugmentationRecipe recipe)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(input.Path) + "__" + recipe.Name +
                   (recipe.IsRandom ? "_s" + _options.Seed : "") + ".wav";
        return System.IO.Path.Combine(System.IO.Path.GetFullPath(_options.OutputDirectory), input.Label, name);
    }

    /// <summary>Applies a recipe to audio in memory (interleaved in, interleaved out).</summary>
    public static AudioBuffer Apply(AudioBuffer audio, AugmentationRecipe recipe, int seed)
    {
        int ch = audio.Channels;
        var channels = new float[ch][];
        for (int c = 0; c < ch; c++)
        {
            channels[c] = new float[audio.Frames];
            for (long i = 0; i < audio.Frames; i++) channels[c][i] = audio.Samples[i * ch + c];
        }
        var rng = new Random(seed);
        foreach (var step in recipe.Steps) channels = AugmentationEffects.Apply(step, channels, audio.SampleRate, rng);
        int frames = channels[0].Length;
        var interleaved = new float[frames * ch];
        for (int c = 0; c < ch; c++)
            for (int i = 0; i < frames; i++) interleaved[i * ch + c] = channels[c][i];
        return new AudioBuffer(audio.Format, interleaved);
    }

    /// <summary>
    /// Every recipe for one clip. <paramref name="shouldWrite"/> (e.g. -WhatIf) may veto each output. Throws
    /// <see cref="AudioFileException"/> when the source cannot be read and <see cref="IOException"/> when a target exists.
    /// </summary>
    public IEnumerable<AugmentationResult> Augment(AugmentationInput input, Func<string, bool>? shouldWrite = null)
    {
        var audio = AudioFile.ReadAll(input.Path);
        var format = _options.SampleFormat ?? AudioSplitter.TargetFormat(audio.Format, audio.Format.IsIntegerPcm && audio.Format.BitsPerSample is 16 or 24);
        foreach (var recipe in _options.Recipes)
        {
            var target = TargetPath(input, recipe);
            if (shouldWrite is not null && !shouldWrite(target)) continue;
            if (File.Exists(target) && !_options.Overwrite) throw new IOException($"{target}: already exists (use overwrite to replace it)");
            int seed = SeedFor(input, recipe);
            var result = Apply(audio, recipe, seed);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            using (var writer = WavWriter.CreateAtomic(target, result.SampleRate, result.Channels, format))
            {
                writer.Write(result.Samples);
                writer.Commit();
            }
            yield return new AugmentationResult(target, input.Label, input.Split, input.Group, input.Path, recipe.Name, seed, result.Duration.TotalSeconds);
        }
    }
}
