#Requires -Modules Pester
# Pester 5 tests for New-IsolationForestModel. Run: ./build.sh test (needs pwsh), or Invoke-Pester on this file after
# ./build.sh module. Uses the bundled BLDC motor sample (tests/fixtures/bldc-sample).

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:Sample = Join-Path $PSScriptRoot 'fixtures/bldc-sample'
    $script:Normal = @(Get-ChildItem (Join-Path $script:Sample 'normal') -Filter *.flac | Sort-Object Name)
    $script:Train = @($script:Normal | Select-Object -Index 0, 2, 4, 6)
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ('aa-iforest-' + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Dir | Out-Null
}

AfterAll {
    Remove-Item -Recurse -Force $script:Dir -ErrorAction SilentlyContinue
}

Describe 'New-IsolationForestModel' {
    It 'trains from piped FileInfo objects and emits a model object' {
        $path = Join-Path $script:Dir 'piped.onnx'
        $m = $script:Train | New-IsolationForestModel -OutputPath $path -Seed 1
        $m | Should -HaveCount 1
        $m.GetType().FullName | Should -Be 'AcousticAnomaly.Training.ModelInfo'
        $m.Path | Should -Be $path
        $m.Algorithm | Should -Be 'IsolationForest'
        $m.FeatureSet.ToString() | Should -Be 'LogMelFrames'
        $m.TrainingClips | Should -Be 4
        $m.TrainingVectors | Should -Be 360
        # Default threshold: fitted on the training clips' scores (DCASE gamma 0.9), not scikit-learn's offset 0.
        $m.ThresholdMethod | Should -Match '^(Gamma\(0\.9|Percentile\(90)'
        $m.Threshold | Should -Not -Be 0
        ([AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($path)).ThresholdMethod | Should -Be $m.ThresholdMethod
        Test-Path $path | Should -BeTrue
    }

    It 'takes paths, feature set and forest parameters' {
        $path = Join-Path $script:Dir 'stats.onnx'
        $m = New-IsolationForestModel -Path $script:Train.FullName -OutputPath $path -FeatureSet LogMelStats -TreeCount 20 -SampleSize 2 -Seed 3
        $m.FeatureSet.ToString() | Should -Be 'LogMelStats'
        $m.TrainingVectors | Should -Be 4
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $script:Dir 'whatif.onnx'
        $m = $script:Train | New-IsolationForestModel -OutputPath $path -WhatIf
        $m | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
    }

    It 'keeps an existing model unless -Force is given' {
        $path = Join-Path $script:Dir 'exists.onnx'
        Set-Content -Path $path -Value 'keep'
        { $script:Train | New-IsolationForestModel -OutputPath $path -ErrorAction Stop } | Should -Throw -ErrorId 'ModelFileExists,AcousticAnomaly.PowerShell.NewIsolationForestModelCommand'
        Get-Content $path | Should -Be 'keep'
        $m = $script:Train | New-IsolationForestModel -OutputPath $path -Force
        $m.TrainingClips | Should -Be 4
    }

    It 'reports a corrupt clip as a non-terminating error and trains on the rest' {
        $bad = Join-Path $script:Dir 'bad.wav'
        [IO.File]::WriteAllBytes($bad, [byte[]](1..64))
        $path = Join-Path $script:Dir 'partial.onnx'
        $m = @($script:Train.FullName) + $bad | New-IsolationForestModel -OutputPath $path -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TrainingFileUnusable*'
        $errs[0].TargetObject | Should -Be $bad
        $errs[0].Exception.Message | Should -BeLike '*bad.wav*'
        $m.TrainingClips | Should -Be 4
    }

    It 'sets the threshold by percentile of the training clips' {
        $path = Join-Path $script:Dir 'p100.onnx'
        $m = $script:Train | New-IsolationForestModel -OutputPath $path -ThresholdMethod Percentile -ThresholdParameter 100
        $scores = $script:Train | Invoke-AnomalyPrediction -Model $m
        ($scores | Measure-Object Score -Maximum).Maximum | Should -BeLessOrEqual ($m.Threshold + 1e-5)
    }

    It 'rejects an out-of-range contamination' {
        { $script:Train | New-IsolationForestModel -OutputPath (Join-Path $script:Dir 'c.onnx') -Contamination 0.9 } | Should -Throw
    }

    It 'has help with examples' {
        $help = Get-Help New-IsolationForestModel -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        ($help.Parameters.Parameter | Where-Object Name -eq 'TreeCount').Description | Should -Not -BeNullOrEmpty
    }

    It 'speaks PowerShell when the model file exists: ResourceExists, the path, -Force' {
        $path = Join-Path $script:Dir 'exists.onnx'
        Set-Content -Path $path -Value 'old'
        $e = { $script:Train | New-IsolationForestModel -OutputPath $path -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -Match '^ModelFileExists'
        $e.CategoryInfo.Category | Should -Be 'ResourceExists'
        $e.TargetObject | Should -Be $path
        "$e" | Should -Match 'use -Force to replace it'
        "$e" | Should -Not -Match '--force'
    }

    It 'reports a threshold parameter out of range as an argument error without internal parameter names' {
        $e = { $script:Train | New-IsolationForestModel -OutputPath (Join-Path $script:Dir 'p.onnx') -ThresholdMethod Percentile -ThresholdParameter 150 -ErrorAction Stop } |
            Should -Throw -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$e" | Should -Match 'percentile must be between 0 and 100 \(got 150\)'
        "$e" | Should -Not -Match "Parameter '"
    }
}
