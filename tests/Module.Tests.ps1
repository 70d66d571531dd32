#Requires -Modules Pester
# Pester 5: the module as PowerShell loads it - manifest, exported commands, help, formatting.

BeforeAll {
    $script:ManifestPath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    Import-Module $script:ManifestPath -Force
    $script:Expected = @(
        'Get-AudioDevice', 'Get-AnomalyModel', 'Start-AudioRecording', 'ConvertTo-Flac', 'New-IsolationForestModel', 'New-KMeansModel',
        'New-OneClassSvmModel', 'New-AutoencoderModel', 'Invoke-AnomalyPrediction', 'Watch-AnomalyStream',
        'Measure-AnomalyModel', 'Export-Spectrogram', 'Send-AudioStream', 'Receive-AnomalyEvent',
        'Test-AudioFile', 'Get-AudioDataset', 'Split-AudioFile', 'Split-AudioDataset', 'New-AudioAugmentation', 'Measure-AudioLevel',
        'New-GmmModel', 'New-MahalanobisModel', 'New-KnnModel', 'New-AnomalyEnsembleModel',
        'New-AudioClassifierModel', 'Invoke-AudioClassification', 'Measure-AudioClassifierModel', 'Watch-AudioClassification',
        'Remove-AudioArchive', 'New-ConvAutoencoderModel', 'New-LstmAutoencoderModel')
}

Describe 'AcousticAnomaly module' {
    It 'is a complete folder after the one build the test command ran' {
        # A clean clone's first build once left out en-US/ (the help was listed before it was generated), so
        # Get-Help showed bare syntax. The test command builds exactly once, so this checks that first build.
        $dir = Split-Path $script:ManifestPath
        foreach ($f in 'AcousticAnomaly.psd1', 'AcousticAnomaly.dll', 'AcousticAnomaly.PowerShell.dll',
            'AcousticAnomaly.format.ps1xml', 'en-US/AcousticAnomaly.PowerShell.dll-Help.xml', 'en-US/about_AcousticAnomaly.help.txt') {
            Join-Path $dir $f | Should -Exist
        }
        ([xml](Get-Content -Raw (Join-Path $dir 'en-US/AcousticAnomaly.PowerShell.dll-Help.xml'))).helpItems.command.Count |
            Should -Be $script:Expected.Count
        # ONNX Runtime for every platform the module supports, whatever the library's file name there.
        foreach ($rid in 'linux-x64', 'linux-arm64', 'win-x64', 'osx-arm64') {
            Get-ChildItem (Join-Path $dir "runtimes/$rid/native") -Filter '*onnxruntime*' | Should -Not -BeNullOrEmpty -Because $rid
        }
    }

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
        'Measure-AnomalyModel', 'Export-Spectrogram', 'Send-AudioStream', 'Receive-AnomalyEvent',
        'Test-AudioFile', 'Get-AudioDataset', 'Split-AudioFile', 'Split-AudioDataset', 'New-AudioAugmentation', 'Measure-AudioLevel',
        'New-GmmModel', 'New-MahalanobisModel', 'New-KnnModel', 'New-AnomalyEnsembleModel',
        'New-AudioClassifierModel', 'Invoke-AudioClassification', 'Measure-AudioClassifierModel', 'Watch-AudioClassification',
        'Remove-AudioArchive', 'New-ConvAutoencoderModel', 'New-LstmAutoencoderModel') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$_*"   # not the auto-generated syntax stand-in
        ($help.Description | Out-String) | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }

    It 'has an about_AcousticAnomaly topic with both workflows' {
        $about = Get-Help about_AcousticAnomaly | Out-String
        $about | Should -Match 'WORKFLOW 1'
        $about | Should -Match 'Watch-AnomalyStream'
    }

    It 'formats its results as tables' {
        $names = (Get-FormatData -TypeName 'AcousticAnomaly.*').TypeNames
        $names | Should -Contain 'AcousticAnomaly.Models.PredictionResult'
        $names | Should -Contain 'AcousticAnomaly.Training.ModelInfo'
    }
}
