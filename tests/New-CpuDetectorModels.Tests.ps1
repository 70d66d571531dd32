#Requires -Modules Pester
# Pester 5 tests for New-GmmModel, New-MahalanobisModel and New-KnnModel. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/New-CpuDetectorModels.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot 'fixtures/detectors'
    $script:normal = Get-ChildItem (Join-Path $fixtures 'valve_normal_*.flac') | Sort-Object Name
    $script:anomalous = Get-ChildItem (Join-Path $fixtures 'valve_anomaly_*.flac') | Sort-Object Name
}

Describe 'New-GmmModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-gmm-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains TWFR-GMM from piped clips with a fitted threshold whose rule is recorded' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | New-GmmModel -OutputPath $model -MaxComponents 2
        $info | Should -BeOfType ([AcousticAnomaly.Training.ModelInfo])
        $info.Algorithm | Should -Be 'Gmm'
        $info.FeatureSet.ToString() | Should -Be 'LogMelTwfr'
        $info.TrainingClips | Should -Be 4
        $info.TrainingVectors | Should -Be 4
        $info.ThresholdMethod | Should -Match '^(Gamma\(0\.9|Percentile\(90)'
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.ThresholdMethod | Should -Be $info.ThresholdMethod
        # Five restarts by default, each with 1 or 2 components by BIC; the stored mixture holds them all.
        $meta.Training.Parameters['restarts'] | Should -Be '5'
        $perRestart = @($meta.Training.Parameters['restart_components'].Split(',') | ForEach-Object { [int]$_ })
        $perRestart.Count | Should -Be 5
        foreach ($k in $perRestart) { $k | Should -BeIn @(1, 2) }
        [int]$meta.Training.Parameters['components'] | Should -Be ($perRestart | Measure-Object -Sum).Sum
        $meta.Training.Parameters['max_components'] | Should -Be '2'
    }

    It 'fits once with -Restarts 1' {
        $model = Join-Path $dir 'once.onnx'
        $null = $normal | New-GmmModel -OutputPath $model -MaxComponents 2 -Restarts 1
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.Training.Parameters['restarts'] | Should -Be '1'
        $meta.Training.Parameters['components'] | Should -BeIn @('1', '2')
        $meta.Training.Parameters['restart_components'] | Should -Be $meta.Training.Parameters['components']
    }

    It 'produces a model Invoke-AnomalyPrediction scores, one result per clip' {
        $model = Join-Path $dir 'score.onnx'
        $null = $normal | New-GmmModel -OutputPath $model -Components 1 -FeatureSet LogMelStats
        $results = @($normal + $anomalous) | Invoke-AnomalyPrediction -Model $model
        $results.Count | Should -Be 6
        foreach ($r in $results) { $r.IsAnomaly | Should -Be ($r.Score -gt $r.Threshold) }
    }

    It 'writes nothing with -WhatIf' {
        $model = Join-Path $dir 'whatif.onnx'
        $normal | New-GmmModel -OutputPath $model -WhatIf
        Test-Path $model | Should -BeFalse
    }
}

Describe 'New-MahalanobisModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-maha-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains a Ledoit-Wolf model on TWFR vectors that Invoke-AnomalyPrediction scores' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | New-MahalanobisModel -OutputPath $model
        $info.Algorithm | Should -Be 'Mahalanobis'
        $info.FeatureSet.ToString() | Should -Be 'LogMelTwfr'
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.Training.Parameters['covariance'] | Should -Be 'LedoitWolf'
        $meta.ThresholdMethod | Should -Be $info.ThresholdMethod
        $results = @($normal + $anomalous) | Invoke-AnomalyPrediction -Model $model
        $results.Count | Should -Be 6
        foreach ($r in $results) { $r.IsAnomaly | Should -Be ($r.Score -gt $r.Threshold) }
    }

    It 'takes -Covariance Full' {
        $info = $normal | New-MahalanobisModel -OutputPath (Join-Path $dir 'full.onnx') -Covariance Full -FeatureSet MfccStats
        ([AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($info.Path)).Training.Parameters['covariance'] | Should -Be 'Full'
    }
}

Describe 'New-KnnModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-knn-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains a local-outlier-factor bank that Invoke-AnomalyPrediction scores' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | New-KnnModel -OutputPath $model -Neighbors 2
        $info.Algorithm | Should -Be 'Knn'
        $info.Threshold | Should -BeGreaterThan 0
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.Training.Parameters['neighbors'] | Should -Be '2'
        $meta.Training.Parameters['density_normalized'] | Should -Be 'true'
        $results = @($normal + $anomalous) | Invoke-AnomalyPrediction -Model $model
        $results.Count | Should -Be 6
        foreach ($r in $results) { $r.IsAnomaly | Should -Be ($r.Score -gt $r.Threshold) }
    }
}
