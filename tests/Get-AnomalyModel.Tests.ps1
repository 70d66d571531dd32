#Requires -Modules Pester
# Pester 5 tests for Get-AnomalyModel and -Model taking model objects from the pipeline (issue 9, defect 4).
# Run: ./build.sh test, or Invoke-Pester tests/Get-AnomalyModel.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $fx = Join-Path $PSScriptRoot 'fixtures/evaluation-audio'
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-getmodel-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    $normalDir = Join-Path $fx 'normal'
    $abnormalDir = Join-Path $fx 'abnormal'
    # The pipeline the issue asks for, as written: train, then measure what was trained.
    $piped = Get-ChildItem (Join-Path $fx 'train') -Filter *.flac |
        New-IsolationForestModel -OutputPath (Join-Path $work 'valve.onnx') -TreeCount 30 -Seed 7 |
        Measure-AnomalyModel -NormalPath $normalDir -AbnormalPath $abnormalDir
    $modelPath = Join-Path $work 'valve.onnx'
}

AfterAll { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Get-AnomalyModel' {
    It 'declares ModelDescription as its output type' {
        (Get-Command Get-AnomalyModel).OutputType.Type.FullName | Should -Contain 'AcousticAnomaly.Models.ModelDescription'
    }

    It 'shows an anomaly model: algorithm, threshold and method, features, rate, channel rule, training summary' {
        $d = Get-AnomalyModel -LiteralPath $modelPath
        $d.Kind | Should -Be 'Anomaly'
        $d.Algorithm | Should -Be 'IsolationForest'
        $d.Threshold | Should -BeOfType [double]
        $d.ThresholdMethod | Should -Not -BeNullOrEmpty
        $d.FeatureSet | Should -Be 'LogMelFrames'
        $d.SampleRate | Should -Be 16000
        $d.ChannelRule | Should -Be 'average'
        $d.FeatureSettings | Should -Match 'mel bands'
        $d.TrainingClips | Should -BeGreaterThan 0
        $d.TrainingVectors | Should -BeGreaterThan 0
        $d.TrainingParameters | Should -Match 'trees=30|n_estimators=30|TreeCount=30'
        $d.Created | Should -BeOfType [datetime]
    }

    It 'shows a foreign ONNX model as External with its producer' {
        $d = Get-AnomalyModel -LiteralPath (Join-Path $PSScriptRoot 'fixtures/onnx/sklearn_iforest.onnx')
        $d.Kind | Should -Be 'External'
        $d.Producer | Should -Match 'skl2onnx'
        $d.Threshold | Should -BeNullOrEmpty
    }

    It 'takes a folder as the .onnx files in it and reports a file that is not a model, going on' {
        Set-Content -LiteralPath (Join-Path $work 'broken.onnx') -Value 'not a model'
        $all = @(Get-AnomalyModel -Path $work -ErrorVariable errs -ErrorAction SilentlyContinue)
        $all.Path | Should -Contain $modelPath
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'ModelUnreadable*'
        $errs[0].TargetObject | Should -BeLike '*broken.onnx'
        Remove-Item -LiteralPath (Join-Path $work 'broken.onnx')
    }

    It 'binds Get-ChildItem output literally (a model file named with brackets)' {
        $odd = Join-Path $work 'odd[1].onnx'
        Copy-Item -LiteralPath $modelPath -Destination $odd
        (Get-ChildItem -LiteralPath $odd | Get-AnomalyModel).Path | Should -Be $odd
    }
}

Describe '-Model from the pipeline' {
    It 'New-IsolationForestModel | Measure-AnomalyModel -NormalPath -AbnormalPath measures the model just trained' {
        $piped | Should -HaveCount 1
        $piped.Model | Should -Be 'valve.onnx'
        $byPath = Measure-AnomalyModel -Model $modelPath -NormalPath $normalDir -AbnormalPath $abnormalDir
        $piped.Auc | Should -Be $byPath.Auc
    }

    It 'measures every piped model: FileInfo, path string and Get-AnomalyModel object' {
        $r = @(
            Get-Item -LiteralPath $modelPath
            $modelPath
            Get-AnomalyModel -LiteralPath $modelPath
        ) | Measure-AnomalyModel -NormalPath $normalDir -AbnormalPath $abnormalDir
        $r | Should -HaveCount 3
        ($r.Auc | Select-Object -Unique) | Should -HaveCount 1
    }

    It 'Invoke-AnomalyPrediction and Watch-AnomalyStream take a model object or an Import-Csv row of it as -Model' {
        $csv = Join-Path $work 'models.csv'
        Get-AnomalyModel -LiteralPath $modelPath | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv
        $row.Path | Should -Be $modelPath
        $clip = (Get-ChildItem $normalDir -Filter *.flac | Select-Object -First 1).FullName
        $a = Invoke-AnomalyPrediction -LiteralPath $clip -Model $row
        $b = Invoke-AnomalyPrediction -LiteralPath $clip -Model (Get-Item -LiteralPath $modelPath)
        $a.Score | Should -Be $b.Score
        (Get-Command Watch-AnomalyStream).Parameters['Model'].Attributes.TypeId.Name | Should -Contain 'ModelArgumentTransformationAttribute'
    }
}

Describe '-Verbose says what happens (issue 9, defect 7)' {
    It 'training names the feature settings, the vectors and the chosen threshold; prediction names model and features' {
        $train = Get-ChildItem (Join-Path $fx 'train') -Filter *.flac
        $v = New-IsolationForestModel -LiteralPath $train.FullName -OutputPath (Join-Path $work 'verbose.onnx') -TreeCount 10 -Seed 3 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($v.Message -join "`n") | Should -Match 'features LogMelFrames: 16000 Hz, average'
        ($v.Message -join "`n") | Should -Match 'vectors; threshold [-0-9.E]+ \(Gamma'
        $p = Invoke-AnomalyPrediction -LiteralPath $train[0].FullName -Model (Join-Path $work 'verbose.onnx') -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($p.Message -join "`n") | Should -Match 'Model verbose\.onnx: IsolationForest, threshold'
        ($p.Message -join "`n") | Should -Match ([regex]::Escape("Scoring $($train[0].FullName)"))
    }
}
