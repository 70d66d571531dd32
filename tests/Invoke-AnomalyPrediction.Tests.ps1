#Requires -Modules Pester
# Pester 5 tests for Invoke-AnomalyPrediction. Run: ./build.sh test (needs pwsh), or Invoke-Pester on this file after
# ./build.sh module. Uses the bundled BLDC motor sample (tests/fixtures/bldc-sample).

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:Sample = Join-Path $PSScriptRoot 'fixtures/bldc-sample'
    $normal = @(Get-ChildItem (Join-Path $script:Sample 'normal') -Filter *.flac | Sort-Object Name)
    $script:HeldBack = @($normal | Select-Object -Index 1, 3, 5, 7)
    $script:Abnormal = @(Get-ChildItem (Join-Path $script:Sample 'abnormal') -Filter *.flac | Sort-Object Name)
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ('aa-predict-' + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Dir | Out-Null
    $script:Model = $normal | Select-Object -Index 0, 2, 4, 6 |
        New-IsolationForestModel -OutputPath (Join-Path $script:Dir 'bldc.onnx') -Seed 1
}

AfterAll {
    Remove-Item -Recurse -Force $script:Dir -ErrorAction SilentlyContinue
}

Describe 'Invoke-AnomalyPrediction' {
    It 'scores piped files against a model object, one result per clip' {
        $r = $script:Abnormal | Invoke-AnomalyPrediction -Model $script:Model
        $r | Should -HaveCount 6
        $r[0].GetType().FullName | Should -Be 'AcousticAnomaly.Models.PredictionResult'
        foreach ($x in $r) {
            $x.IsAnomaly | Should -Be ($x.Score -gt $x.Threshold)
            $x.Label | Should -BeIn 'anomaly', 'normal'
            $x.Model | Should -Be 'bldc.onnx'
            $x.Duration | Should -Be 3.0
        }
        # 4 of 6 at the held-out threshold (the in-sample one flagged every clip, the healthy ones too).
        @($r | Where-Object IsAnomaly).Count | Should -BeGreaterOrEqual 4
    }

    It 'takes the model as a path and scores abnormal clips above normal ones' {
        $n = $script:HeldBack | Invoke-AnomalyPrediction -Model $script:Model.Path
        $a = $script:Abnormal | Invoke-AnomalyPrediction -Model $script:Model.Path
        ($a | Measure-Object Score -Average).Average | Should -BeGreaterThan ($n | Measure-Object Score -Average).Average
    }

    It 'scores in segments with -SegmentDuration given in seconds' {
        $r = Invoke-AnomalyPrediction -Path $script:Abnormal[0].FullName -Model $script:Model -SegmentDuration 1
        $r | Should -HaveCount 3
        $r.Offset | Should -Be 0, 1, 2
    }

    It 'exports a predictions table with Export-Csv' {
        $csv = Join-Path $script:Dir 'predictions.csv'
        $script:HeldBack | Invoke-AnomalyPrediction -Model $script:Model | Select-Object Path, Label | Export-Csv -Path $csv -NoTypeInformation
        $rows = Import-Csv $csv
        $rows | Should -HaveCount 4
        $rows[0].Label | Should -BeIn 'anomaly', 'normal'
    }

    It 'applies a -Threshold override' {
        $r = $script:Abnormal[5] | Invoke-AnomalyPrediction -Model $script:Model -Threshold 10
        $r.Threshold | Should -Be 10
        $r.IsAnomaly | Should -BeFalse
    }

    It 'writes one error for a corrupt file and goes on with the rest' {
        $bad = Join-Path $script:Dir 'corrupt.flac'
        [IO.File]::WriteAllBytes($bad, [Text.Encoding]::ASCII.GetBytes('fLaC but nothing else'))
        $r = @($script:HeldBack[0].FullName, $bad, $script:Abnormal[0].FullName) |
            Invoke-AnomalyPrediction -Model $script:Model -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -HaveCount 2
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AudioFileUnreadable*'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].Exception.Message | Should -BeLike '*corrupt.flac*'
    }

    It 'stops with a clear terminating error for a missing model' {
        { $script:HeldBack | Invoke-AnomalyPrediction -Model (Join-Path $script:Dir 'nope.onnx') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*nope.onnx: model file not found*'
    }

    It 'refuses feature settings that contradict the model' {
        { $script:HeldBack | Invoke-AnomalyPrediction -Model $script:Model -FeatureSet MfccStats } |
            Should -Throw -ExpectedMessage '*carries its own feature settings*'
    }

    It 'reports a missing input file without stopping' {
        $r = @((Join-Path $script:Dir 'missing.wav'), $script:Abnormal[0].FullName) |
            Invoke-AnomalyPrediction -Model $script:Model -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -HaveCount 1
        $errs | Should -HaveCount 1
    }

    It 'reports a negative -SegmentDuration as an argument error, not an unusable model' {
        $e = { Invoke-AnomalyPrediction $script:Abnormal[0].FullName -Model $script:Model -SegmentDuration -3 -ErrorAction Stop } |
            Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -Match '^DurationNotPositive'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match '-SegmentDuration must be positive'
    }

    It 'takes a folder as the audio files in it, and -Recurse for its sub-folders' {
        $r = Invoke-AnomalyPrediction (Join-Path $script:Sample 'abnormal') -Model $script:Model -ErrorAction Stop
        $r.Path | Should -Be @($script:Abnormal.FullName)
        Invoke-AnomalyPrediction $script:Sample -Model $script:Model -ErrorAction Stop | Should -BeNullOrEmpty   # no audio directly in it
        $all = Get-Item $script:Sample | Invoke-AnomalyPrediction -Model $script:Model -Recurse -ErrorAction Stop
        $all | Should -HaveCount (@(Get-ChildItem $script:Sample -Recurse -Filter *.flac).Count)
    }
}
