using System.Text.RegularExpressions;
using AcousticAnomaly.IO;

namespace AcousticAnomaly.Datasets;

/// <summary>
/// Stratified, grouped, seeded train / validation / test split of a labelled dataset. Groups (speakers, source
/// recordings) are shuffled with the seed, largest first, and each goes whole to the side whose per-label quota it
/// fills best - so every label keeps close to the requested shares and no group is on two sides.
/// </summary>
public sealed class DatasetSplitter
{
    private readonly DatasetSplitOptions _options;
    private readonly double[] _fractions;
    private readonly Regex? _group;

    public DatasetSplitter(DatasetSplitOptions options)
    {
        _options = options;
        _fractions = options.Fractions();
        try
        {
            _group = options.GroupPattern is null ? null : new Regex(options.GroupPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Group pattern '{options.GroupPattern}' is not a valid regular expression: {e.Message}", nameof(options), e);
        }
    }

    /// <summary>The group key of a file: the pattern's group on the file name, else the file name without extension.</summary>
    public string GroupOf(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        var stem = System.IO.Path.GetFileNameWithoutExtension(path);
        if (_group is null) return stem;
        var m = _group.Match(name);
        if (!m.Success) return stem;
        var g = m.Groups["group"];
        if (g.Success) return g.Value;
        return m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;
    }

    /// <summary>Assigns every file a side; writes nothing.</summary>
    public IReadOnlyList<DatasetSplitEntry> Assign(IEnumerable<LabelledFile> files)
    {
        var list = files.ToList();
        var labels = list.Select(f => f.Label).Distinct().Order(StringComparer.Ordinal).ToList();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
        var perLabel = new double[labels.Count];
        foreach (var f in list) perLabel[labelIndex[f.Label]]++;

        var groups = list.GroupBy(f => GroupOf(f.Path), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var rng = new Random(_options.Seed);
        for (int i = groups.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (groups[i], groups[j]) = (groups[j], groups[i]);
        }
        // Largest groups first (stable, so the shuffle decides among equals): small ones then fill the gaps.
        groups = groups.OrderByDescending(g => g.Count()).ToList();

        var assigned = new double[3, labels.Count];
        var side = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            int best = -1;
            double bestScore = double.NegativeInfinity;
            for (int s = 0; s < 3; s++)
            {
                if (_fractions[s] <= 0) continue;
                // Unfilled quota of this side, over the labels this group holds, as a share of each label's size.
                double score = 0;
                foreach (var byLabel in g.GroupBy(f => labelIndex[f.Label]))
                {
                    int l = byLabel.Key;
                    score += byLabel.Count() * (_fractions[s] * perLabel[l] - assigned[s, l]) / perLabel[l];
                }
                if (score > bestScore + 1e-12) { bestScore = score; best = s; }
            }
            side[g.Key] = best;
            foreach (var f in g) assigned[best, labelIndex[f.Label]]++;
        }
        return list.Select(f =>
        {
            var key = GroupOf(f.Path);
            var name = DatasetSplitNames.All[side[key]];
            var target = _options.OutputDirectory is null ? f.Path
                : System.IO.Path.Combine(System.IO.Path.GetFullPath(_options.OutputDirectory), name, f.Label, System.IO.Path.GetFileName(f.Path));
            return new DatasetSplitEntry(target, f.Label, name, key, f.Path);
        }).ToList();
    }

    /// <summary>
    /// Splits the dataset under <paramref name="root"/>: copies (when an output folder is set; <paramref name="shouldCopy"/>
    /// may veto each copy, e.g. -WhatIf), then writes the manifest of what was copied. A file that cannot be copied is
    /// reported through <paramref name="onError"/> and left out of the manifest; the others go on.
    /// </summary>
    public IReadOnlyList<DatasetSplitEntry> Split(string root, Func<DatasetSplitEntry, bool>? shouldCopy = null,
        Action<DatasetSplitEntry, IOException>? onError = null, CancellationToken cancellationToken = default)
    {
        var entries = Assign(DatasetFiles.Enumerate(root));
        var done = new List<DatasetSplitEntry>(entries.Count);
        foreach (var e in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_options.OutputDirectory is not null)
            {
                if (shouldCopy is not null && !shouldCopy(e)) continue;
                try
                {
                    AtomicFile.Copy(e.SourcePath, e.Path, _options.Overwrite);
                }
                catch (IOException ex)
                {
                    onError?.Invoke(e, ex);
                    continue;
                }
            }
            done.Add(e);
        }
        if (_options.ManifestPath is not null && (shouldCopy is null || done.Count > 0)) ManifestCsv.Write(_options.ManifestPath, done);
        return done;
    }
}
