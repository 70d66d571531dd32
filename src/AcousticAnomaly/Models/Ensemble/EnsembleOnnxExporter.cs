using AcousticAnomaly.IO;
using AcousticAnomaly.Onnx;

namespace AcousticAnomaly.Models.Ensemble;

/// <summary>
/// Writes an ensemble as ONE ONNX graph: every member's own exported graph (names prefixed "m{i}_", all reading the
/// shared input "X"), then per member Score_i = sign * output (sign -1 for a decision function), z_i = w_i (Score_i -
/// mean_i) / sd_i in double, and Sum. Output "score" float [N, 1], ScoreKind Distance.
/// </summary>
public static class EnsembleOnnxExporter
{
    public const string InputName = "X";
    public const string ScoreOutput = "score";

    public static byte[] ToBytes(IReadOnlyList<ITrainedDetector> members, double[] weights, double[] means, double[] stds,
        IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(members);
        var splicer = new OnnxGraphSplicer();
        var combine = new OnnxGraphBuilder("ensemble", "Score ensemble (z-normalised weighted mean) exported by AcousticAnomaly.");
        var rename = new Dictionary<string, string> { [ScoreOutput] = ScoreOutput };
        combine.AddInitializer("column", [-1L, 1L], 2);
        var terms = new List<string>();
        for (int m = 0; m < members.Count; m++)
        {
            var part = OnnxGraphSplicer.Read(MemberBytes(members[m]));
            if (part.Inputs.Count != 1) throw new InvalidOperationException($"ensemble member {m} has {part.Inputs.Count} inputs; members read one feature matrix");
            string prefix = $"m{m}_";
            splicer.Add(part, prefix, new Dictionary<string, string> { [part.Inputs[0]] = InputName }, takeInput: m == 0);

            string input = $"s{m}";
            combine.AddInput(input, OnnxElementType.Float, "N", 1);
            rename[input] = prefix + ScoreOutputOf(members[m].ScoreKind, part);
            double sign = members[m].ScoreKind == ScoreKind.NegatedDecision ? -1 : 1;
            combine.AddInitializer($"scale{m}", OnnxTensor.FromDouble([sign * weights[m] / stds[m]]));
            combine.AddInitializer($"offset{m}", OnnxTensor.FromDouble([-weights[m] * means[m] / stds[m]]));
            combine.AddNode("Reshape", [input, "column"], [$"column{m}"]);
            combine.AddNode("Cast", [$"column{m}"], [$"double{m}"], OnnxAttribute.Int("to", (long)OnnxElementType.Double));
            combine.AddNode("Mul", [$"double{m}", $"scale{m}"], [$"scaled{m}"]);
            combine.AddNode("Add", [$"scaled{m}", $"offset{m}"], [$"z{m}"]);
            terms.Add($"z{m}");
        }
        combine.AddNode("Sum", terms, ["score64"]);
        combine.AddNode("Cast", ["score64"], [ScoreOutput], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        combine.AddOutput(ScoreOutput, OnnxElementType.Float, "N", 1);
        splicer.Add(OnnxGraphSplicer.Read(combine.ToModelBytes()), "combine_", rename, takeOutput: true);
        return splicer.ToModelBytes("ensemble", metadata);
    }

    /// <summary>Writes the model with our metadata record, atomically (temporary file, then rename).</summary>
    public static void Export(IReadOnlyList<ITrainedDetector> members, double[] weights, double[] means, double[] stds, string path, ModelMetadata metadata) =>
        AtomicFile.WriteAllBytes(path, ToBytes(members, weights, means, stds, (metadata ?? throw new ArgumentNullException(nameof(metadata))).ToMetadataProps()));

    /// <summary>A member's graph as its own exporter writes it (members export only to files).</summary>
    private static byte[] MemberBytes(ITrainedDetector member)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"aa-ensemble-member-{Guid.NewGuid():N}.onnx");
        try
        {
            member.Export(temp, new ModelMetadata { Algorithm = "EnsembleMember", ScoreKind = member.ScoreKind });
            return File.ReadAllBytes(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The output AnomalyModel would read for this kind: "scores" (decision function), "error", or the one float score.</summary>
    private static string ScoreOutputOf(ScoreKind kind, OnnxGraphSplicer.Part part) => kind switch
    {
        ScoreKind.NegatedDecision => "scores",
        ScoreKind.ReconstructionError => "error",
        ScoreKind.Distance => part.Outputs.FirstOrDefault(o => o is "score" or "distance" or "distances")
            ?? throw new InvalidOperationException($"cannot tell the score output among {string.Join(", ", part.Outputs)}"),
        _ => throw new NotSupportedException($"an ensemble member with score kind {kind} is not supported"),
    };
}
