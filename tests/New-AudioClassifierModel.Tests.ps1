#Requires -Modules Pester
# Pester 5 tests for New-AudioClassifierModel, Invoke-AudioClassification and Measure-AudioClassifierModel on a small
# synthetic labelled folder (three tones, written here). Run: ./build.sh test, or Invoke-Pester after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ('aa-classifier-' + [guid]::NewGuid())
    $script:Data = Join-Path $script:Dir 'data'
    $rng = [Random]::new(5)
    # A plain 16-bit mono PCM WAV written by hand (spans cannot be built in PowerShell, so not through WavWriter).
    function Write-Tone([string]$Path, [double]$Hz, [double]$Seconds) {
        $n = [int](16000 * $Seconds)
        $phase = $rng.NextDouble() * 6.28
        $w = [IO.BinaryWriter]::new([IO.File]::Create($Path))
        try {
            $w.Write([Text.Encoding]::ASCII.GetBytes('RIFF')); $w.Write([int](36 + 2 * $n)); $w.Write([Text.Encoding]::ASCII.GetBytes('WAVEfmt '))
            $w.Write([int]16); $w.Write([int16]1); $w.Write([int16]1); $w.Write([int]16000); $w.Write([int]32000); $w.Write([int16]2); $w.Write([int16]16)
            $w.Write([Text.Encoding]::ASCII.GetBytes('data')); $w.Write([int](2 * $n))
            for ($i = 0; $i -lt $n; $i++) {
                $v = 0.3 * [Math]::Sin(2 * [Math]::PI * $Hz * $i / 16000 + $phase) + 0.01 * ($rng.NextDouble() - 0.5)
                $w.Write([int16][Math]::Round($v * 32767))
            }
        } finally { $w.Dispose() }
    }
    foreach ($tone in @(@('high', 3000), @('low', 300), @('mid', 1000))) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $script:Data $tone[0]) -Force
        for ($i = 0; $i -lt 8; $i++) { Write-Tone (Join-Path $folder "$($tone[0])_$i.wav") ($tone[1] * (0.95 + 0.1 * $rng.NextDouble())) 0.5 }
    }
    Write-Tone (Join-Path $script:Dir 'long-low.wav') 300 2.5
    $script:Model = New-AudioClassifierModel -Path $script:Data -OutputPath (Join-Path $script:Dir 'tones.onnx') -Architecture Mlp -Epochs 15 -BatchSize 8 -LearningRate 0.01 -Seed 2
}

AfterAll {
    Remove-Item -Recurse -Force $script:Dir -ErrorAction SilentlyContinue
}

Describe 'New-AudioClassifierModel' {
    It 'trains on a labelled folder and reports the run' {
        $script:Model.GetType().FullName | Should -Be 'AcousticAnomaly.Training.ClassifierTrainingResult'
        $script:Model.Labels | Should -Be 'high,low,mid'
        $script:Model.Architecture | Should -Be 'Mlp'
        $script:Model.EpochsRun | Should -BeGreaterThan 0
        Test-Path $script:Model.Path | Should -BeTrue
    }

    It 'writes one verbose line per epoch and refuses to overwrite without -Force' {
        $out = Join-Path $script:Dir 'cnn.onnx'
        $verbose = New-AudioClassifierModel $script:Data -OutputPath $out -Architecture Cnn1d -Epochs 3 -FixedFrames 16 -Seed 1 -Verbose 4>&1
        @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'epoch */3:*' }).Count | Should -BeGreaterThan 0
        { New-AudioClassifierModel $script:Data -OutputPath $out -Architecture Cnn1d -Epochs 1 -ErrorAction Stop } | Should -Throw '*already exists*'
    }

    It 'passes the regularisers and the Cnn1d feature knobs to the trainer (recorded in the model)' {
        $out = Join-Path $script:Dir 'regularised.onnx'
        New-AudioClassifierModel $script:Data -OutputPath $out -Architecture Cnn1d -Epochs 2 -FixedFrames 16 -Seed 1 -TimeShift 0.2 -Mixup 0.4 `
            -LabelSmoothing 0.05 -WeightDecay 0.02 -LearningRateDecay -Width 16 -MfccCount 13 -HopLength 128 | Out-Null
        $meta = [AcousticAnomaly.Models.Classifiers.ClassifierMetadata]::ReadFromModel($out)
        $meta.Training.Parameters['time_shift'] | Should -Be '0.2'
        $meta.Training.Parameters['mixup'] | Should -Be '0.4'
        $meta.Training.Parameters['label_smoothing'] | Should -Be '0.05'
        $meta.Training.Parameters['weight_decay'] | Should -Be '0.02'
        $meta.Training.Parameters['learning_rate_decay'] | Should -Be 'true'
        $meta.Training.Parameters['width'] | Should -Be '16'
        $meta.FeatureSettings.MfccCount | Should -Be 13
        $meta.FeatureSettings.HopLength | Should -Be 128
    }

    It 'supports -WhatIf' {
        $out = Join-Path $script:Dir 'whatif.onnx'
        New-AudioClassifierModel $script:Data -OutputPath $out -WhatIf
        Test-Path $out | Should -BeFalse
    }
}

Describe 'Invoke-AudioClassification' {
    It 'classifies piped files with every class probability as a column' {
        $r = Get-ChildItem (Join-Path $script:Data 'low') | Invoke-AudioClassification -Model $script:Model
        $r | Should -HaveCount 8
        @($r | Where-Object Label -eq 'low').Count | Should -BeGreaterOrEqual 7
        foreach ($x in $r) {
            ($x.P_high + $x.P_low + $x.P_mid) | Should -BeGreaterThan 0.999
            $x.Probability | Should -Be ([Math]::Max($x.P_high, [Math]::Max($x.P_low, $x.P_mid)))
            $x.InferenceMs | Should -BeGreaterThan 0
        }
        $csv = Join-Path $script:Dir 'r.csv'
        $r | Export-Csv $csv
        (Get-Content $csv -First 1) | Should -BeLike '*"P_low"*'
    }

    It 'classifies segments with -SegmentDuration' {
        $r = Invoke-AudioClassification (Join-Path $script:Dir 'long-low.wav') -Model $script:Model.Path -SegmentDuration 1
        $r.Offset | Should -Be @(0, 1, 2)
    }

    It 'reports an unreadable file and goes on' {
        $bad = Join-Path $script:Dir 'bad.wav'
        Set-Content $bad 'not audio'
        $r = Invoke-AudioClassification $bad, (Join-Path $script:Dir 'long-low.wav') -Model $script:Model -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -HaveCount 1
        $errs | Should -HaveCount 1
    }
}

Describe 'Measure-AudioClassifierModel' {
    It 'reports accuracy, per-class metrics and the confusion matrix' {
        $report = Measure-AudioClassifierModel -Model $script:Model -Path $script:Data
        $report.Clips | Should -Be 24
        $report.Accuracy | Should -BeGreaterThan 0.9
        $report.Classes.Label | Should -Be @('high', 'low', 'mid')
        ($report.ConfusionMatrix | ForEach-Object { ($_ | Measure-Object -Sum).Sum } | Measure-Object -Sum).Sum | Should -Be 24
    }

    It 'emits per-class rows and averages with -PerClass' {
        $rows = Measure-AudioClassifierModel -Model $script:Model -Path $script:Data -PerClass
        $rows.Label | Should -Be @('high', 'low', 'mid', 'macro avg', 'weighted avg')
        $rows[0].Support | Should -Be 8
    }

    It 'writes the HTML report with -ReportPath and honours -WhatIf' {
        $html = Join-Path $script:Dir 'report.html'
        Measure-AudioClassifierModel -Model $script:Model -Path $script:Data -ReportPath $html -WhatIf | Out-Null
        Test-Path $html | Should -BeFalse
        Measure-AudioClassifierModel -Model $script:Model -Path $script:Data -ReportPath $html | Out-Null
        $text = Get-Content -Raw $html
        $text | Should -Match 'Confusion matrix'
        $text | Should -Match 'Silhouette'
        ([regex]::Matches($text, 'data:image/png;base64,')).Count | Should -Be 6
    }
}

Describe 'Classifier models as objects (issue 9, defect 4)' {
    It 'Get-AnomalyModel shows a classifier with its labels and feature settings' {
        $d = Get-AnomalyModel -LiteralPath $script:Model.Path
        $d.Kind | Should -Be 'Classifier'
        $d.Algorithm | Should -Not -BeNullOrEmpty
        $d.Labels | Should -Be 'high;low;mid'
        $d.SampleRate | Should -Be 16000
        $d.ChannelRule | Should -Be 'average'
        $d.TrainingClips | Should -BeGreaterThan 0
    }

    It 'Measure-AudioClassifierModel takes the training result, a FileInfo or the description from the pipeline' {
        $byArgument = Measure-AudioClassifierModel -Model $script:Model -Path $script:Data
        ($script:Model | Measure-AudioClassifierModel -Path $script:Data).Accuracy | Should -Be $byArgument.Accuracy
        (Get-Item -LiteralPath $script:Model.Path | Measure-AudioClassifierModel -Path $script:Data).Accuracy | Should -Be $byArgument.Accuracy
        (Get-AnomalyModel -LiteralPath $script:Model.Path | Measure-AudioClassifierModel -Path $script:Data).Accuracy | Should -Be $byArgument.Accuracy
    }

    It 'Invoke-AudioClassification takes the description and an Import-Csv row of it as -Model' {
        $csv = Join-Path $script:Dir 'model.csv'
        Get-AnomalyModel -LiteralPath $script:Model.Path | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv
        $r = Invoke-AudioClassification -LiteralPath (Join-Path $script:Dir 'long-low.wav') -Model $row
        $r.Label | Should -Be 'low'
    }
}

Describe 'Split manifests, PNG pictures and raw-audio models' {
    It 'trains on a manifest''s train side (validation side for early stopping) and measures its test side' {
        $manifest = Join-Path $script:Dir 'split.csv'
        Split-AudioDataset $script:Data -ManifestPath $manifest -TrainFraction 0.5 -ValidationFraction 0.25 -TestFraction 0.25 -Seed 1 | Out-Null
        $rows = Import-Csv $manifest
        $m = New-AudioClassifierModel -Path $manifest -OutputPath (Join-Path $script:Dir 'manifest.onnx') -Architecture Mlp -Epochs 5 -BatchSize 8 -Seed 1
        $m.TrainingClips | Should -Be @($rows | Where-Object Split -eq 'train').Count
        $m.ValidationClips | Should -Be @($rows | Where-Object Split -eq 'validation').Count
        (Measure-AudioClassifierModel -Model $m -Path $manifest).Clips | Should -Be @($rows | Where-Object Split -eq 'test').Count
    }

    It 'writes the confusion matrix and the scatter as PNG with -ImageDirectory' {
        $pictures = Join-Path $script:Dir 'pictures'
        Measure-AudioClassifierModel -Model $script:Model -Path $script:Data -ImageDirectory $pictures | Out-Null
        foreach ($name in 'confusion-matrix.png', 'scatter.png') {
            $bytes = [IO.File]::ReadAllBytes((Join-Path $pictures $name))
            $bytes[0..7] | Should -Be @(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
            [Text.Encoding]::ASCII.GetString($bytes, 12, 4) | Should -Be 'IHDR'
        }
    }

    It 'classifies with a foreign raw-audio model given -RawAudio, -SampleRate and -Labels' {
        $raw = "$PSScriptRoot/fixtures/classifier/torch_raw_audio.onnx"
        $r = Invoke-AudioClassification (Join-Path $script:Dir 'long-low.wav') -Model $raw -RawAudio -SampleRate 8000 -Labels off, idle, running -SegmentDuration 1
        $r.Offset | Should -Be @(0, 1, 2)
        foreach ($x in $r) { ($x.P_off + $x.P_idle + $x.P_running) | Should -BeGreaterThan 0.999 }
        { Invoke-AudioClassification (Join-Path $script:Dir 'long-low.wav') -Model $raw -SampleRate 8000 -Labels off, idle, running -ErrorAction Stop } |
            Should -Throw '*8000 values per row*'
    }
}
