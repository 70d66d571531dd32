using AcousticAnomaly.Features;

namespace AcousticAnomaly.Models;

/// <summary>
/// A detector kind that needs to know which clip each vector came from (e.g. to keep one statistic per domain, with
/// the domain read from the file name). <see cref="Training.ModelTrainer"/> calls this instead of <see cref="IDetectorTrainer.Train"/>.
/// </summary>
public interface IClipAwareDetectorTrainer : IDetectorTrainer
{
    ITrainedDetector Train(IReadOnlyList<(string Path, FeatureMatrix Vectors)> clips, FeatureMatrix all, CancellationToken cancellationToken);
}
