#Requires -Modules Pester
# Pester 5 tests for New-OneClassSvmModel. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/New-OneClassSvmModel.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot 'fixtures/detectors'
    $script:normal = Get-ChildItem (Join-Path $fixtures 'valve_normal_*.flac') | Sort-Object Name
    $script:anomalous = Get-ChildItem (Join-Path $fixtures 'valve_anomaly_*.flac') | Sort-Object Name
}

Describe 'New-OneClassSvmModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-ocsvm-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains from piped clips; -ThresholdMethod Contamination is the SVM boundary (0)' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | New-OneClassSvmModel -OutputPath $model -Nu 0.2 -MaxTrainingVectors 500 -Seed 3 -ThresholdMethod Contamination
        $info | Should -BeOfType ([AcousticAnomaly.Training.ModelInfo])
        $info.Algorithm | Should -Be 'OneClassSvm'
        $info.TrainingClips | Should -Be 4
        $info.Threshold | Should -Be 0
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.ScoreKind | Should -Be ([AcousticAnomaly.Models.ScoreKind]::NegatedDecision)
        $meta.Training.Parameters['nu'] | Should -Be '0.2'
        $meta.Training.Parameters['gamma'] | Should -Be 'scale'
        $meta.Training.Parameters['max_training_vectors'] | Should -Be '500'
    }

    It 'records a given -Gamma and a percentile threshold' {
        $info = $normal | New-OneClassSvmModel -OutputPath (Join-Path $dir 'g.onnx') -Gamma 0.0005 -ThresholdMethod Percentile -ThresholdParameter 90
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($info.Path)
        $meta.Training.Parameters['gamma'] | Should -Be '0.0005'
        $meta.Training.Parameters['threshold_method'] | Should -Be 'Percentile(90)'
        $meta.ThresholdMethod | Should -Be 'Percentile(90)'
    }

    It 'writes nothing with -WhatIf' {
        $model = Join-Path $dir 'whatif.onnx'
        $out = $normal | New-OneClassSvmModel -OutputPath $model -WhatIf
        $out | Should -BeNullOrEmpty
        Test-Path -LiteralPath $model | Should -BeFalse
    }

    It 'rejects -Nu outside (0, 1]' {
        { $normal | New-OneClassSvmModel -OutputPath (Join-Path $dir 'n.onnx') -Nu 1.5 -ErrorAction Stop } | Should -Throw
    }

    It 'produces a model Invoke-AnomalyPrediction scores' {
        $model = Join-Path $dir 'score.onnx'
        $info = $normal | New-OneClassSvmModel -OutputPath $model -Nu 0.1 -ThresholdMethod Contamination
        $results = @($normal + $anomalous) | Invoke-AnomalyPrediction -Model $model
        $results.Count | Should -Be 6
        foreach ($r in $results) {
            $r.Threshold | Should -Be 0
            $r.IsAnomaly | Should -Be ($r.Score -gt 0)
            $r.Label | Should -BeIn @('anomaly', 'normal')
        }
    }
}
