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

    public static XDocument Build(CmdletAssembly assembly, XmlDocs docs) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                assembly.Cmdlets.Select(c => CommandElement(c, docs))));

    private static XElement CommandElement(CmdletInfo c, XmlDocs docs)
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
                    .Select(p => ParameterElement(p, docs, withDescription: false))))),
            new XElement(Command + "parameters", distinct.Select(p => ParameterElement(p, docs, withDescription: true))),
            new XElement(Command + "returnValues", c.OutputTypes.Select(t => new XElement(Command + "returnValue",
                new XElement(Dev + "type", new XElement(Maml + "name", t.FullName))))),
            new XElement(Command + "examples", docs.Examples(c.Type).Select((e, i) => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                new XElement(Dev + "code", e.Code),
                Para(Dev + "remarks", e.Remarks)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert",
                new XElement(Maml + "para", c.Aliases.Count > 0 ? "Aliases: " + string.Join(", ", c.Aliases) : "")))
        );
    }

    private static XElement ParameterElement(ParameterInfoRecord p, XmlDocs docs, bool withDescription)
    {
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
            isSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), p.TypeName),
            new XElement(Dev + "type", new XElement(Maml + "name", p.Property.PropertyType.FullName)));
    }

    private static XElement Para(XName name, string? text) => new(name, new XElement(Maml + "para", text ?? ""));
}
