using System.Reflection;
using AcousticAnomaly.Benchmarks;

// Finds every IBenchmark in this assembly, so a new benchmark is one new file.
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

var chosen = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (chosen is null)
{
    Console.Error.WriteLine("usage: AcousticAnomaly.Benchmarks <name> [args]");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-20} {b.Usage}");
    return 2;
}
return chosen.Run(args[1..]);
