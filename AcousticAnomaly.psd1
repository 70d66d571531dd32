@{
    # The module: compiled cmdlets in AcousticAnomaly.PowerShell.dll over the core library AcousticAnomaly.dll.
    RootModule           = 'AcousticAnomaly.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1d7c2e-52b1-4c7a-9f0e-3b8a4d9e1a57'
    Author               = 'AcousticAnomaly'
    CompanyName          = 'AcousticAnomaly'
    Copyright            = '(c) AcousticAnomaly. MIT licence.'
    Description          = 'Listens to industrial machines and tells when they sound wrong: record microphones, archive to FLAC, extract DCASE log-mel features, train anomaly detectors saved as ONNX, score files and live streams, and evaluate models.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('AcousticAnomaly.format.ps1xml')
    # Exported by name, never by wildcard: the module-surface test checks each of these against the built assembly.
    CmdletsToExport      = @(
        'Get-AudioDevice'
        'Get-AnomalyModel'
        'Start-AudioRecording'
        'ConvertTo-Flac'
        'Remove-AudioArchive'
        'New-IsolationForestModel'
        'New-KMeansModel'
        'New-GmmModel'
        'New-MahalanobisModel'
        'New-KnnModel'
        'New-AnomalyEnsembleModel'
        'New-ConvAutoencoderModel'
        'New-LstmAutoencoderModel'
        'New-OneClassSvmModel'
        'New-AutoencoderModel'
        'Invoke-AnomalyPrediction'
        'Watch-AnomalyStream'
        'Measure-AnomalyModel'
        'Export-Spectrogram'
        'Send-AudioStream'
        'Receive-AnomalyEvent'
        'Test-AudioFile'
        'Get-AudioDataset'
        'Split-AudioFile'
        'Split-AudioDataset'
        'New-AudioAugmentation'
        'New-AudioClassifierModel'
        'Invoke-AudioClassification'
        'Measure-AudioClassifierModel'
        'Watch-AudioClassification'
        'Measure-AudioLevel'
    )
    AliasesToExport      = @(
        'Convert-ToFlac'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('audio', 'anomaly-detection', 'onnx', 'flac', 'dcase', 'predictive-maintenance')
            # No ProjectUri/LicenseUri: the repository has no public address and no licence file yet.
            ReleaseNotes = 'Get-Help -Full shows every parameter default, read from the options records the cmdlets use; each model family sets its own default threshold rule. See about_AcousticAnomaly for the two workflows.'
        }
    }
}
