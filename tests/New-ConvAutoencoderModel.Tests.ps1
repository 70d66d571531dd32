#Requires -Modules Pester
# Pester 5 tests for New-ConvAutoencoderModel and New-LstmAutoencoderModel. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/New-ConvAutoencoderModel.Tests.ps1 after ./build.sh module. Small networks and 2 epochs: fast.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot 'fixtures/detectors'
    $script:normal = Get-ChildItem (Join-Path $fixtures 'valve_normal_*.flac') | Sort-Object Name | Select-Object -First 2
    $script:anomalous = Get-ChildItem (Join-Path $fixtures 'valve_anomaly_*.flac') | Sort-Object Name
}

Describe 'New-ConvAutoencoderModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-cae-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains on blocks of -FrameSeconds from piped clips and Invoke-AnomalyPrediction scores the model' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | New-ConvAutoencoderModel -OutputPath $model -FrameSeconds 0.2 -HiddenChannels 8 -BottleneckChannels 4 -Epochs 2
        $info | Should -BeOfType ([AcousticAnomaly.Training.ModelInfo])
        $info.Algorithm | Should -Be 'ConvAutoencoder'
        $info.FeatureSet.ToString() | Should -Be 'LogMelFrames'
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.FeatureSettings.Frames | Should -Be 6
        $meta.Training.Parameters['overlap'] | Should -Be '0.5'
        $meta.ThresholdMethod | Should -Be $info.ThresholdMethod
        $results = @($normal + $anomalous) | Invoke-AnomalyPrediction -Model $model
        $results.Count | Should -Be 4
        foreach ($r in $results) { $r.IsAnomaly | Should -Be ($r.Score -gt $r.Threshold) }
    }

    It 'rejects an overlap of 1 before training' {
        { $normal | New-ConvAutoencoderModel -OutputPath (Join-Path $dir 'x.onnx') -Overlap 1 } | Should -Throw
    }

    It 'writes nothing with -WhatIf' {
        $model = Join-Path $dir 'whatif.onnx'
        $normal | New-ConvAutoencoderModel -OutputPath $model -WhatIf
        Test-Path $model | Should -BeFalse
    }
}

Describe 'New-LstmAutoencoderModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-lstm-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains an LSTM autoencoder that Invoke-AnomalyPrediction scores' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | New-LstmAutoencoderModel -OutputPath $model -FrameSeconds 0.2 -HiddenChannels 6 -BottleneckChannels 3 -Epochs 1
        $info.Algorithm | Should -Be 'LstmAutoencoder'
        ([AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)).Training.Parameters['architecture'] | Should -Be 'Lstm'
        $results = @($anomalous) | Invoke-AnomalyPrediction -Model $model
        $results.Count | Should -Be 2
        foreach ($r in $results) { $r.IsAnomaly | Should -Be ($r.Score -gt $r.Threshold) }
    }
}
