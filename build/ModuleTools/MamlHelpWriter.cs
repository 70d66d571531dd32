using System.Xml.Linq;

namespace AcousticAnomaly.ModuleTools;

/// <summary>
/// Writes the MAML help file (en-US/&lt;assembly&gt;-Help.xml) that Get-Help reads for compiled cmdlets, from the
/// cmdlet metadata and the XML doc comments.
/// </summary>
public static class MamlHelpWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>Cmdlets or parameters without documentation; the build fails on any, so help is never left empty.</summary>
    public static IReadOnlyList<string> MissingDocs(CmdletAssembly assembly, XmlDocs docs) =>
        assembly.Cmdlets.SelectMany(c =>
        {
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(docs.Summary(c.Type))) missing.Add($"{c.Name}: no <summary> (synopsis)");
            if (string.IsNullOrWhiteSpace(docs.Remarks(c.Type))) missing.Add($"{c.Name}: no <remarks> (description)");
            if (!docs.Examples(c.Type).Any()) missing.Add($"{c.Name}: no <example>");
            missing.AddRange(c.Parameters.Select(p => p.Property).Distinct()
                .Where(p => string.IsNullOrWhiteSpace(docs.Summary(p)))
                .Select(p => $"{c.Name} -{p.Name}: no <summary>"));
            return missing;
        }).ToList();

    /// <param name="defaults">Each parameter's default value, read from the constructed cmdlets; null leaves them out.</param>
    public static XDocument Build(CmdletAssembly assembly, XmlDocs docs, ParameterDefaults? defaults = null) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                assembly.Cmdlets.Select(c => CommandElement(c, docs, defaults, assembly.Cmdlets))));

    private static XElement CommandElement(CmdletInfo c, XmlDocs docs, ParameterDefaults? defaults, IReadOnlyList<CmdletInfo> all)
    {
        var distinct = c.Parameters.GroupBy(p => p.Name).Select(g => g.First()).ToList();
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun),
                Para(Maml + "description", docs.Summary(c.Type))),
            Para(Maml + "description", docs.Remarks(c.Type)),
            new XElement(Command + "syntax", c.ParameterSets.Select(set => new XElement(Command + "syntaxItem",
                new XElement(Maml + "name", c.Name),
                c.Parameters.Where(p => p.ParameterSetName == set || p.ParameterSetName == CmdletInfo.AllSets)
                    .Select(p => ParameterElement(p, docs, null))))),
            new XElement(Command + "parameters", distinct.Select(p => ParameterElement(p, docs, defaults?.Of(c, p) ?? "None"))),
            new XElement(Command + "inputTypes", InputTypes(c).Select(i => new XElement(Command + "inputType",
                new XElement(Dev + "type", new XElement(Maml + "name", i.Name)), Para(Maml + "description", i.Description)))),
            new XElement(Command + "returnValues", (c.OutputTypes.Count > 0 ? c.OutputTypes.Select(t => t.FullName!) : new[] { "None" })
                .Select(t => new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", t)),
                    Para(Maml + "description", t == "None" ? "This cmdlet writes no objects." : $"One {t.Split('.').Last()} per result; see Get-Member for its properties.")))),
            new XElement(Command + "examples", docs.Examples(c.Type).Select((e, i) => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                new XElement(Dev + "code", e.Code),
                Para(Dev + "remarks", e.Remarks)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert",
                new XElement(Maml + "para", c.Aliases.Count > 0 ? "Aliases: " + string.Join(", ", c.Aliases) : ""))),
            new XElement(Maml + "relatedLinks", RelatedLinks(c, all).Select(l => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", l), new XElement(Maml + "uri"))))
        );
    }

    /// <summary>What the pipeline can carry into the cmdlet: the by-value parameter types, and by property name the
    /// parameters' names (so `Get-ChildItem | ...` and result objects of the other cmdlets are documented as inputs).</summary>
    private static IEnumerable<(string Name, string Description)> InputTypes(CmdletInfo c)
    {
        var piped = c.Parameters.Where(p => p.FromPipeline || p.FromPipelineByPropertyName).GroupBy(p => p.Name).Select(g => g.First()).ToList();
        if (piped.Count == 0) return new[] { ("None", "This cmdlet takes no pipeline input.") };
        return piped.Select(p => (TypeName(p.Property.PropertyType),
            p.FromPipeline ? $"Bound to -{p.Name}." : $"Any object with a {p.Name} property{(p.Aliases.Count > 0 ? " (or " + string.Join(", ", p.Aliases) + ")" : "")}, bound to -{p.Name}."));
    }

    /// <summary>The cmdlets sharing a noun word (Model, Audio, Anomaly, ...) and the about topic.</summary>
    private static IEnumerable<string> RelatedLinks(CmdletInfo c, IReadOnlyList<CmdletInfo> all)
    {
        static IEnumerable<string> Words(string noun) => System.Text.RegularExpressions.Regex.Matches(noun, "[A-Z][a-z]+").Select(m => m.Value);
        var mine = Words(c.Noun).Where(w => w is not "Audio").ToHashSet();
        return all.Where(o => o.Name != c.Name && Words(o.Noun).Any(mine.Contains)).Select(o => o.Name).Take(6).Append("about_AcousticAnomaly");
    }

    /// <summary>The type as a user types it: Nullable`1[TimeSpan] is TimeSpan, arrays keep their brackets.</summary>
    internal static string TypeName(Type t)
    {
        if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1") t = t.GetGenericArguments()[0];
        return t.IsArray ? TypeName(t.GetElementType()!) + "[]" : t.Name;
    }

    private static XElement ParameterElement(ParameterInfoRecord p, XmlDocs docs, string? defaultValue)
    {
        bool withDescription = defaultValue is not null;
        var pipeline = (p.FromPipeline, p.FromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var isSwitch = p.TypeName == "SwitchParameter";
        return new XElement(Command + "parameter",
            new XAttribute("required", p.Mandatory ? "true" : "false"),
            new XAttribute("globbing", p.SupportsWildcards ? "true" : "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", p.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", p.Aliases.Count > 0 ? string.Join(", ", p.Aliases) : "none"),
            new XElement(Maml + "name", p.Name),
            withDescription ? Para(Maml + "description", docs.Summary(p.Property)) : null,
            isSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), TypeName(p.Property.PropertyType)),
            new XElement(Dev + "type", new XElement(Maml + "name", TypeName(p.Property.PropertyType))),
            withDescription ? new XElement(Dev + "defaultValue", defaultValue) : null);
    }

    private static XElement Para(XName name, string? text) => new(name, new XElement(Maml + "para", text ?? ""));
}
