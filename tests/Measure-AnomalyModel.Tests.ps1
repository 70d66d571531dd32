#Requires -Modules Pester
# Pester 5 tests for Measure-AnomalyModel. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/Measure-AnomalyModel.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $fx = Join-Path $PSScriptRoot 'fixtures/evaluation-audio'
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-measure-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    $model = Get-ChildItem (Join-Path $fx 'train') -Filter *.flac |
        New-IsolationForestModel -OutputPath (Join-Path $work 'valve.onnx') -TreeCount 50 -Seed 7 -ThresholdMethod Percentile -ThresholdParameter 95
    $normal = @(Get-ChildItem (Join-Path $fx 'normal') -Filter *.flac | Sort-Object FullName)
    $abnormal = @(Get-ChildItem (Join-Path $fx 'abnormal') -Filter *.flac | Sort-Object FullName)
    $byFolder = Measure-AnomalyModel -Model $model -NormalPath (Join-Path $fx 'normal') -AbnormalPath (Join-Path $fx 'abnormal')
}

AfterAll { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Measure-AnomalyModel' {
    It 'declares EvaluationResult as its output type' {
        (Get-Command Measure-AnomalyModel).OutputType.Type.FullName | Should -Contain 'AcousticAnomaly.Evaluation.EvaluationResult'
    }

    It 'measures folders of normal and abnormal clips' {
        $byFolder | Should -HaveCount 1
        $byFolder.GetType().FullName | Should -Be 'AcousticAnomaly.Evaluation.EvaluationResult'
        $byFolder.Model | Should -Be 'valve.onnx'
        $byFolder.NormalCount | Should -Be 4
        $byFolder.AbnormalCount | Should -Be 4
        $byFolder.Threshold | Should -Be $model.Threshold
        $byFolder.Auc | Should -BeGreaterOrEqual 0
        $byFolder.Auc | Should -BeLessOrEqual 1
        ($byFolder.TruePositives + $byFolder.FalsePositives + $byFolder.TrueNegatives + $byFolder.FalseNegatives) | Should -Be 8
    }

    It 'expands wildcards in -NormalPath and -AbnormalPath' {
        $r = Measure-AnomalyModel -Model $model -NormalPath (Join-Path $fx 'normal/*.flac') -AbnormalPath (Join-Path $fx 'abnormal/*anomaly_000[01]_*.flac')
        $r.NormalCount | Should -Be 4
        $r.AbnormalCount | Should -Be 2
    }

    It 'takes pipeline objects with Path and Label' {
        $in = @($normal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 'normal' } }) +
              @($abnormal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 'Abnormal' } })
        $r = $in | Measure-AnomalyModel -Model $model
        $r.Auc | Should -Be $byFolder.Auc
        $r.PAuc | Should -Be $byFolder.PAuc
        $r.TruePositives | Should -Be $byFolder.TruePositives
    }

    It 'takes Import-Csv rows with 0/1 labels' {
        $csv = Join-Path $work 'labels.csv'
        @($normal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 0 } }) +
        @($abnormal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 1 } }) | Export-Csv -LiteralPath $csv -NoTypeInformation
        $r = Import-Csv -LiteralPath $csv | Measure-AnomalyModel -Model $model
        $r.Auc | Should -Be $byFolder.Auc
        $r.NormalCount | Should -Be 4
    }

    It 'prefers TrueLabel over Label' {
        $in = @($normal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 'anomaly'; TrueLabel = 'normal' } }) +
              @($abnormal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 'normal'; TrueLabel = 'anomaly' } })
        ($in | Measure-AnomalyModel -Model $model).Auc | Should -Be $byFolder.Auc
    }

    It 'measures predictions with a TrueLabel added without re-scoring them' {
        $predictions = @($normal; $abnormal) | Invoke-AnomalyPrediction -Model $model |
            Select-Object *, @{ n = 'TrueLabel'; e = { if ($_.Path -match 'anomaly_') { 'anomaly' } else { 'normal' } } }
        $r = $predictions | Measure-AnomalyModel
        $r.Model | Should -Be 'valve.onnx'
        $r.Threshold | Should -Be $model.Threshold
        $r.Auc | Should -Be $byFolder.Auc
        $r.F1 | Should -Be $byFolder.F1
    }

    It 'measures pre-scored rows at -Threshold' {
        $rows = @(
            [pscustomobject]@{ Path = 'a.wav'; TrueLabel = 'normal'; Score = 0.1 },
            [pscustomobject]@{ Path = 'b.wav'; TrueLabel = 'normal'; Score = 0.4 },
            [pscustomobject]@{ Path = 'c.wav'; TrueLabel = 'anomaly'; Score = 0.35 },
            [pscustomobject]@{ Path = 'd.wav'; TrueLabel = 'anomaly'; Score = 0.9 })
        $r = $rows | Measure-AnomalyModel -Threshold 0.3
        $r.Auc | Should -Be 0.75
        $r.TruePositives | Should -Be 2
        $r.FalsePositives | Should -Be 1
    }

    It 'refuses to take a prediction''s own Label as the truth' {
        $p = $normal[0] | Invoke-AnomalyPrediction -Model $model
        $errs = $null
        $thrown = $null
        try { $p | Measure-AnomalyModel -Model $model -ErrorAction SilentlyContinue -ErrorVariable errs } catch { $thrown = $_ }
        $thrown.Exception.Message | Should -BeLike '*No labelled clips*'
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'LabelledClipInvalid*'
        $errs[0].Exception.Message | Should -BeLike "*model's verdict*TrueLabel*"
    }

    It 'writes an error for a bad label and measures the rest' {
        $in = @($normal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 'normal' } }) +
              @($abnormal | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Label = 'anomaly' } }) +
              [pscustomobject]@{ Path = $abnormal[0].FullName; Label = 'broken' }
        $r = $in | Measure-AnomalyModel -Model $model -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].Exception.Message | Should -BeLike "*'broken'*normal, anomaly, abnormal, 0, 1*"
        $r.AbnormalCount | Should -Be 4
    }

    It 'writes one error for a corrupt file and measures the rest' {
        $bad = Join-Path $work 'corrupt.wav'
        Set-Content -LiteralPath $bad -Value 'not audio'
        $r = Measure-AnomalyModel -Model $model -NormalPath @((Join-Path $fx 'normal'), $bad) -AbnormalPath (Join-Path $fx 'abnormal') `
            -ErrorAction SilentlyContinue -ErrorVariable errs
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AudioFileUnusable*'
        $errs[0].Exception.Message | Should -BeLike "*corrupt.wav*"
        $r.NormalCount | Should -Be 4
        $r.Auc | Should -Be $byFolder.Auc
    }

    It 'moves the confusion matrix with -Threshold' {
        $r = Measure-AnomalyModel -Model $model -NormalPath (Join-Path $fx 'normal') -AbnormalPath (Join-Path $fx 'abnormal') -Threshold -1
        $r.Threshold | Should -Be -1
        $r.TruePositives | Should -Be 4
        $r.FalsePositives | Should -Be 4
        $r.Auc | Should -Be $byFolder.Auc
    }

    It 'writes a self-contained report with -ReportPath, and none with -WhatIf' {
        $report = Join-Path $work 'report.html'
        $null = Measure-AnomalyModel -Model $model -NormalPath (Join-Path $fx 'normal') -AbnormalPath (Join-Path $fx 'abnormal') -ReportPath $report -WhatIf
        Test-Path -LiteralPath $report | Should -BeFalse

        $r = Measure-AnomalyModel -Model $model -NormalPath (Join-Path $fx 'normal') -AbnormalPath (Join-Path $fx 'abnormal') -ReportPath $report
        $r.Auc | Should -Be $byFolder.Auc
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -Match '<!DOCTYPE html>'
        $html | Should -Not -Match '<script'
        $html | Should -Match ([regex]::Escape($abnormal[0].FullName))
        # The worst clips: waveform above the spectrogram, the score over time below; F1 at the threshold next to the best.
        $html | Should -Match 'aria-label="waveform"'
        $html | Should -Match 'aria-label="score over time"'
        $html | Should -Match 'Best F1'
        $r.BestF1 | Should -BeGreaterOrEqual $r.F1
    }

    It 'stops with a clear error for a missing model' {
        { Measure-AnomalyModel -Model (Join-Path $work 'none.onnx') -NormalPath (Join-Path $fx 'normal') -AbnormalPath (Join-Path $fx 'abnormal') -ErrorAction Stop } |
            Should -Throw '*none.onnx*'
    }
}
