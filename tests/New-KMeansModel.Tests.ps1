#Requires -Modules Pester
# Pester 5 tests for New-KMeansModel. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/New-KMeansModel.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:fixtures = Join-Path $PSScriptRoot 'fixtures/detectors'
    $script:normal = Get-ChildItem (Join-Path $fixtures 'valve_normal_*.flac') | Sort-Object Name
    $script:anomalous = Get-ChildItem (Join-Path $fixtures 'valve_anomaly_*.flac') | Sort-Object Name
}

Describe 'New-KMeansModel' {
    BeforeEach {
        $script:dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-kmeans-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'trains from piped clips and emits a ModelInfo with a gamma-fit threshold' {
        $model = Join-Path $dir 'valve.onnx'
        $info = $normal | New-KMeansModel -OutputPath $model -ClusterCount 3 -Seed 1
        $info | Should -BeOfType ([AcousticAnomaly.Training.ModelInfo])
        $info.Algorithm | Should -Be 'KMeans'
        $info.TrainingClips | Should -Be 4
        $info.Path | Should -Be $model
        $info.Threshold | Should -BeGreaterThan 0
        Test-Path -LiteralPath $model | Should -BeTrue
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($model)
        $meta.ScoreKind | Should -Be ([AcousticAnomaly.Models.ScoreKind]::Distance)
        $meta.Training.Parameters['threshold_method'] | Should -Match '^(Gamma\(0\.9|Percentile\(90)'
        $meta.ThresholdMethod | Should -Be $meta.Training.Parameters['threshold_method']
        $meta.Training.Parameters['clusters'] | Should -Be '3'
    }

    It 'is reproducible: the same seed gives the same threshold' {
        $a = New-KMeansModel -Path $normal.FullName -OutputPath (Join-Path $dir 'a.onnx') -ClusterCount 2 -Seed 9
        $b = New-KMeansModel -Path $normal.FullName -OutputPath (Join-Path $dir 'b.onnx') -ClusterCount 2 -Seed 9
        $b.Threshold | Should -Be $a.Threshold
    }

    It 'writes nothing with -WhatIf' {
        $model = Join-Path $dir 'whatif.onnx'
        $out = $normal | New-KMeansModel -OutputPath $model -WhatIf
        $out | Should -BeNullOrEmpty
        Test-Path -LiteralPath $model | Should -BeFalse
    }

    It 'keeps an existing model unless -Force is given' {
        $model = Join-Path $dir 'exists.onnx'
        $normal | New-KMeansModel -OutputPath $model -ClusterCount 1 | Out-Null
        { $normal | New-KMeansModel -OutputPath $model -ClusterCount 1 -ErrorAction Stop } | Should -Throw '*already exists*'
        { $normal | New-KMeansModel -OutputPath $model -ClusterCount 1 -Force -ErrorAction Stop } | Should -Not -Throw
    }

    It 'fails clearly when asked for a contamination threshold it has no boundary for' {
        { $normal | New-KMeansModel -OutputPath (Join-Path $dir 'c.onnx') -ThresholdMethod Contamination -ErrorAction Stop } |
            Should -Throw '*no natural decision boundary*'
    }

    It 'produces a model Invoke-AnomalyPrediction scores with its stored threshold' {
        $model = Join-Path $dir 'score.onnx'
        $info = $normal | New-KMeansModel -OutputPath $model -ClusterCount 4 -Standardize $true
        $results = @($normal + $anomalous) | Invoke-AnomalyPrediction -Model $info
        $results.Count | Should -Be 6
        foreach ($r in $results) {
            $r.Score | Should -BeGreaterOrEqual 0
            $r.Threshold | Should -Be $info.Threshold
            $r.IsAnomaly | Should -Be ($r.Score -gt $info.Threshold)
        }
    }

    It 'reports an unreadable clip as a non-terminating error and trains on the rest' {
        $bad = Join-Path $dir 'bad.wav'
        [System.IO.File]::WriteAllBytes($bad, [byte[]]::new(64))
        $info = New-KMeansModel -Path (@($normal.FullName) + $bad) -OutputPath (Join-Path $dir 'partial.onnx') -ClusterCount 2 `
            -ErrorVariable errs -ErrorAction SilentlyContinue
        $info.TrainingClips | Should -Be 4
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TrainingFileUnusable*'
    }
}
