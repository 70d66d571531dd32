namespace AcousticAnomaly.Models.Classifiers;

/// <summary>One finished epoch: what Write-Progress and -Verbose show. Validation values are NaN without a validation set.</summary>
public sealed record ClassifierEpoch(int Epoch, int Epochs, double Loss, double ValidationLoss, double ValidationAccuracy, bool Best);
