using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace AcousticAnomaly.ModuleTools;

/// <summary>
/// The default value of every cmdlet parameter, read by constructing each cmdlet for real. The cmdlets take their
/// defaults from the core options records (never re-typed), so help can only be right if it asks the code: the cmdlet
/// assembly is loaded with PowerShell's own System.Management.Automation (from the pinned pwsh tool package, which the
/// build restores) in a throw-away load context, and each parameter property is read after construction.
/// </summary>
public sealed class ParameterDefaults
{
    private readonly Dictionary<(string Type, string Property), string> _values = new();

    /// <param name="cmdletAssemblyPath">The built AcousticAnomaly.PowerShell.dll (its folder holds the core assemblies).</param>
    /// <param name="powerShellDir">A folder with PowerShell's runtime assemblies (System.Management.Automation.dll).</param>
    /// <param name="cmdlets">The cmdlets to read (from the metadata view).</param>
    public ParameterDefaults(string cmdletAssemblyPath, string powerShellDir, IEnumerable<CmdletInfo> cmdlets)
    {
        var context = new ProbingLoadContext(Path.GetDirectoryName(Path.GetFullPath(cmdletAssemblyPath))!, powerShellDir);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(cmdletAssemblyPath));
            foreach (var cmdlet in cmdlets)
            {
                var type = assembly.GetType(cmdlet.Type.FullName!, throwOnError: true)!;
                var instance = Activator.CreateInstance(type)!;
                foreach (var property in cmdlet.Parameters.Select(p => p.Name).Distinct())
                {
                    var value = type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance)!.GetValue(instance);
                    _values[(cmdlet.Type.FullName!, property)] = Format(value);
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The default as help shows it ("None" when the parameter starts empty).</summary>
    public string Of(CmdletInfo cmdlet, ParameterInfoRecord parameter) =>
        _values.TryGetValue((cmdlet.Type.FullName!, parameter.Name), out var v) ? v : "None";

    /// <summary>Values as a user would type them: seconds for durations (every duration parameter takes seconds).</summary>
    public static string Format(object? value) => value switch
    {
        null => "None",
        string s => s.Length == 0 ? "None" : s,
        bool b => b ? "$true" : "$false",
        TimeSpan t => t.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) + " (seconds)",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => e.Cast<object?>().Any() ? string.Join(", ", e.Cast<object?>().Select(Format)) : "None",
        // SwitchParameter: its IsPresent says whether it is on.
        _ when value.GetType().Name == "SwitchParameter" => (bool)value.GetType().GetProperty("IsPresent")!.GetValue(value)! ? "$true" : "$false",
        _ => value.ToString() ?? "None",
    };

    /// <summary>Resolves the module's assemblies from its bin folder and PowerShell's from the pwsh package, whatever
    /// version the reference assembly named (PowerShellStandard says 3.0.0.0, pwsh ships 7.x).</summary>
    private sealed class ProbingLoadContext(string moduleDir, string powerShellDir) : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            foreach (var dir in new[] { powerShellDir, moduleDir })
            {
                var candidate = Path.Combine(dir, name.Name + ".dll");
                if (File.Exists(candidate)) return LoadFromAssemblyPath(candidate);
            }
            return null; // the shared framework
        }
    }
}
