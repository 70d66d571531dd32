#Requires -Modules Pester
# Pester 5 tests for New-AnomalyEnsembleModel. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/New-AnomalyEnsembleModel.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot 'fixtures/detectors'
    $script:normal = Get-ChildItem (Join-Path $fixtures 'valve_normal_*.flac') | Sort-Object Name
    $script:anomalous = Get-ChildItem (Join-Path $fixtures 'valve_anomaly_*.flac') | Sort-Object Name
}

Describe 'New-AnomalyEnsembleModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-ensemble-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains the default members on piped clips into one model Invoke-AnomalyPrediction scores' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | Select-Object -First 3 | New-AnomalyEnsembleModel -OutputPath $model
        $info | Should -BeOfType ([AcousticAnomaly.Training.ModelInfo])
        $info.Algorithm | Should -Be 'Ensemble'
        $info.FeatureSet.ToString() | Should -Be 'LogMelTwfr'
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.Training.Parameters['members'] | Should -Be 'Knn,Gmm,Mahalanobis'
        $results = @($normal[3]) + @($anomalous) | Invoke-AnomalyPrediction -Model $model
        $results.Count | Should -Be 3
        $results[0].IsAnomaly | Should -BeFalse
        $results[1].IsAnomaly | Should -BeTrue
        $results[2].IsAnomaly | Should -BeTrue
    }

    It 'takes -Detector and -Weight' {
        $info = $normal | New-AnomalyEnsembleModel -OutputPath (Join-Path $dir 'two.onnx') -Detector Knn, IsolationForest -Weight 2, 1 -Folds 2
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($info.Path)
        $meta.Training.Parameters['members'] | Should -Be 'Knn,IsolationForest'
        $meta.Training.Parameters['weights'] | Should -Match '^0\.666'
    }

    It 'writes nothing with -WhatIf' {
        $model = Join-Path $dir 'whatif.onnx'
        $normal | New-AnomalyEnsembleModel -OutputPath $model -WhatIf
        Test-Path $model | Should -BeFalse
    }
}
