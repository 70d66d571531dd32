using System.Globalization;
using System.Management.Automation;

namespace AcousticAnomaly.PowerShell;

/// <summary>
/// Lets duration parameters take plain seconds. PowerShell alone would turn `-Duration 10` into 10 ticks (1 µs) and
/// the string "10" into 10 days; here a number or a numeric string means seconds, and anything else (00:10:00,
/// a TimeSpan, New-TimeSpan) keeps PowerShell's own meaning.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecondsTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            null => null,
            TimeSpan t => t,
            int or long or short or byte or float or double or decimal =>
                TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) =>
                TimeSpan.FromSeconds(seconds),
            string s when TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) => t,
            _ => inputData,
        };
    }
}
