namespace AcousticAnomaly.Benchmarks;

/// <summary>A named benchmark run from the command line. Implementations print their own measurements.</summary>
public interface IBenchmark
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line saying what it measures and which arguments it takes.</summary>
    string Usage { get; }

    int Run(string[] args);
}
