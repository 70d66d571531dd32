using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AcousticAnomaly.ModuleTools;

/// <summary>
/// The C# XML documentation file of the cmdlet assembly. Cmdlet help is written once, as doc comments on the cmdlet
/// class (summary = synopsis, remarks = description, example = examples) and on each parameter property (summary).
/// </summary>
public sealed class XmlDocs
{
    private readonly Dictionary<string, XElement> _members;

    public XmlDocs(string path)
    {
        _members = XDocument.Load(path).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m);
    }

    public string? Summary(Type type) => Text(Member("T:" + type.FullName)?.Element("summary"));
    public string? Remarks(Type type) => Text(Member("T:" + type.FullName)?.Element("remarks"));

    public IEnumerable<(string Code, string? Remarks)> Examples(Type type) =>
        (Member("T:" + type.FullName)?.Elements("example") ?? Enumerable.Empty<XElement>())
            .Select(e => (Code: Dedent(e.Element("code")?.Value ?? ""), Remarks: Text(e.Element("para"))));

    /// <summary>A property's summary, looking at the declaring type (parameters may come from a base class).</summary>
    public string? Summary(PropertyInfo property) =>
        Text(Member($"P:{property.DeclaringType!.FullName}.{property.Name}")?.Element("summary"));

    private XElement? Member(string id) => _members.TryGetValue(id, out var e) ? e : null;

    /// <summary>Collapses XML doc whitespace and turns &lt;see cref&gt;/&lt;c&gt; into plain text.</summary>
    private static string? Text(XElement? element)
    {
        if (element is null) return null;
        var parts = element.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } s => ((string?)s.Attribute("cref"))?.Split('.').Last() ?? s.Value,
            XElement e => e.Value,
            _ => "",
        });
        return Regex.Replace(string.Concat(parts), @"\s+", " ").Trim();
    }

    private static string Dedent(string code)
    {
        var lines = code.Replace("\r", "").Split('\n').SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }
}
