using System.Globalization;
using System.Management.Automation;
using System.Reflection;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Makes the times of this module's output objects print as ISO 8601 with milliseconds in Export-Csv/ConvertTo-Csv
/// (issue 9, defect 10) without touching the session's DateTime formatting. Export-Csv writes
/// PSObject.ToString() of each property value, which for a plain DateTimeOffset is the culture's format without
/// milliseconds. <see cref="IsoTimeTypeData"/> therefore shadows each time property of our own types with a code
/// property returning the same DateTimeOffset wrapped in a PSObject whose first type name is
/// <see cref="TypeName"/>; only that type name carries the ISO ToString, so DateTimeOffsets elsewhere are untouched.
/// The wrapped value is still the DateTimeOffset: Sort-Object, -gt, .AddHours() and ConvertTo-Json see the real time.
/// PowerShell calls such a ToString override without arguments for composite formats ('{0:HH:mm}' -f $x.Time and a
/// format file's FormatString), so those print the ISO text; $x.Time.ToString('HH:mm') keeps its .NET meaning and is
/// what our format views use.
/// </summary>
public static class IsoTimeMembers
{
    /// <summary>The ETS type name that carries the ISO ToString (see <see cref="IsoTimeTypeData"/>).</summary>
    public const string TypeName = "AcousticAnomaly.IsoTime";

    /// <summary>Round-trippable, sortable as text, and what the CLI CSV writes.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    /// <summary>Code property getter for a property named Time.</summary>
    public static PSObject? Time(PSObject instance) => Wrap(instance, nameof(Time));

    /// <summary>Code property getter for a property named Start.</summary>
    public static PSObject? Start(PSObject instance) => Wrap(instance, nameof(Start));

    // ETS lists type-table properties before the .NET ones, so a type whose time is not its first property also
    // declares the properties before it (in order) with these getters: Export-Csv's columns and Format-List keep the
    // record's order, which is also the CLI CSV header.

    /// <summary>Code property getter for a property named Path (unchanged value).</summary>
    public static string? Path(PSObject instance) => (string?)Clr(instance, nameof(Path));

    /// <summary>Code property getter for a property named Device (unchanged value).</summary>
    public static string? Device(PSObject instance) => (string?)Clr(instance, nameof(Device));

    /// <summary>Code property getter for a property named Offset (unchanged value).</summary>
    public static double Offset(PSObject instance) => (double)Clr(instance, nameof(Offset))!;

    /// <summary>Code property getter for a property named State (unchanged value).</summary>
    public static object? State(PSObject instance) => Clr(instance, nameof(State));

    /// <summary>
    /// Body of the ToString script method: no arguments gives ISO 8601 with milliseconds (invariant culture); the
    /// .NET overloads (format, provider) keep their meaning so $x.Time.ToString('o') still works.
    /// </summary>
    public static string ToText(object value, object?[]? args)
    {
        value = Unwrap(value)!;
        var first = args is { Length: > 0 } ? Unwrap(args[0]) : null;
        if (first is IFormatProvider onlyProvider && value is IFormattable f) return f.ToString(null, onlyProvider);
        var format = first as string;
        var provider = args is { Length: > 1 } ? Unwrap(args[1]) as IFormatProvider : null;
        if (string.IsNullOrEmpty(format))
        {
            format = Format;
            provider = CultureInfo.InvariantCulture;
        }
        return value switch
        {
            DateTimeOffset t => t.ToString(format, provider),
            IFormattable other => other.ToString(format, provider),
            _ => value.ToString() ?? string.Empty,
        };
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

    // Reads the CLR property directly (reflection, not PowerShell member lookup, which would find the code property
    // again).
    private static object? Clr(PSObject instance, string name) =>
        instance.BaseObject.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)?.GetValue(instance.BaseObject);

    private static PSObject? Wrap(PSObject instance, string name)
    {
        if (Clr(instance, name) is not { } value) return null;
        var wrapped = new PSObject(value);
        wrapped.TypeNames.Insert(0, TypeName);
        return wrapped;
    }
}
