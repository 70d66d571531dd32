#Requires -Modules Pester
# Pester 5: the module as PowerShell loads it - manifest, exported commands, help, formatting.

BeforeAll {
    $script:ManifestPath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    Import-Module $script:ManifestPath -Force
    $script:Expected = @(
        'Get-AudioDevice', 'Start-AudioRecording', 'ConvertTo-Flac', 'New-IsolationForestModel', 'New-KMeansModel',
        'New-OneClassSvmModel', 'New-AutoencoderModel', 'Invoke-AnomalyPrediction', 'Watch-AnomalyStream',
        'Measure-AnomalyModel', 'Export-Spectrogram',
        'New-AudioClassifierModel', 'Invoke-AudioClassification', 'Measure-AudioClassifierModel')
}

Describe 'AcousticAnomaly module' {
    It 'has a valid manifest for PowerShell 7.4+ Core' {
        $m = Test-ModuleManifest -Path $script:ManifestPath
        $m.PowerShellVersion | Should -Be ([version]'7.4')
        $m.CompatiblePSEditions | Should -Be @('Core')
    }

    It 'exports exactly the documented cmdlets and the Convert-ToFlac alias' {
        $commands = Get-Command -Module AcousticAnomaly -CommandType Cmdlet
        ($commands.Name | Sort-Object) | Should -Be ($script:Expected | Sort-Object)
        (Get-Alias Convert-ToFlac).ResolvedCommandName | Should -Be 'ConvertTo-Flac'
    }

    It 'has help with a synopsis, a description and an example for <_>' -ForEach @(
        'Get-AudioDevice', 'Start-AudioRecording', 'ConvertTo-Flac', 'New-IsolationForestModel', 'New-KMeansModel',
        'New-OneClassSvmModel', 'New-AutoencoderModel', 'Invoke-AnomalyPrediction', 'Watch-AnomalyStream',
        'Measure-AnomalyModel', 'Export-Spectrogram') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$_*"   # not the auto-generated syntax stand-in
        ($help.Description | Out-String) | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }

    It 'formats its results as tables' {
        $names = (Get-FormatData -TypeName 'AcousticAnomaly.*').TypeNames
        $names | Should -Contain 'AcousticAnomaly.Scoring.PredictionResult'
        $names | Should -Contain 'AcousticAnomaly.Training.ModelInfo'
    }
}
