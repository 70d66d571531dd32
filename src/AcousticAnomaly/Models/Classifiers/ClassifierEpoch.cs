namespace AcousticAnomaly.Models.Classifiers;

/// <summary>One finished epoch: what Write-Progress and -Verbose show. Validation values are NaN without a validation set;
/// Seconds is the epoch's wall time (training batches and validation).</summary>
public sealed record ClassifierEpoch(int Epoch, int Epochs, double Loss, double ValidationLoss, double ValidationAccuracy, bool Best, double Seconds)
{
    /// <summary>The one-line form -Verbose and the CLI print.</summary>
    public string Describe() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "epoch {0}/{1}: loss {2:0.0000}, validation loss {3:0.0000}, validation accuracy {4:0.000}, {5:0.00} s{6}",
        Epoch, Epochs, Loss, ValidationLoss, ValidationAccuracy, Seconds, Best ? " (best)" : "");
}
