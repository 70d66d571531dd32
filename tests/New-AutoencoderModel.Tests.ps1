#Requires -Modules Pester
# Pester 5 tests for New-AutoencoderModel. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/New-AutoencoderModel.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $fixtures = Join-Path $PSScriptRoot 'fixtures/autoencoder'
    $clips = 0..5 | ForEach-Object { Join-Path $fixtures "valve_normal_$_.wav" }
    # Small and quick: the DCASE architecture shrunk, two epochs.
    $quick = @{ Epochs = 2; BatchSize = 32; HiddenUnits = 16; BottleneckUnits = 4; Seed = 3 }
}

Describe 'New-AutoencoderModel' {
    BeforeEach {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-ae-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'declares ModelInfo output and the training parameters' {
        $cmd = Get-Command New-AutoencoderModel
        $cmd.OutputType.Type.FullName | Should -Contain 'AcousticAnomaly.Training.ModelInfo'
        foreach ($p in 'Epochs', 'BatchSize', 'LearningRate', 'ValidationSplit', 'HiddenUnits', 'BottleneckUnits', 'Seed', 'OutputPath', 'ThresholdMethod') {
            $cmd.Parameters.Keys | Should -Contain $p
        }
    }

    It 'trains from pipeline input, writes the model and defaults to the gamma threshold' {
        $out = Join-Path $dir 'valve.onnx'
        $info = $clips | Get-Item | New-AutoencoderModel -OutputPath $out @quick
        $info | Should -BeOfType ([AcousticAnomaly.Training.ModelInfo])
        $info.Algorithm | Should -Be 'Autoencoder'
        $info.TrainingClips | Should -Be 6
        $info.Threshold | Should -BeGreaterThan 0
        Test-Path -LiteralPath $out | Should -BeTrue
        $meta = [AcousticAnomaly.Models.ModelMetadata]::ReadFromModel($out)
        $meta.ScoreKind | Should -Be 'ReconstructionError'
        $meta.Training.Parameters['threshold_method'] | Should -Match '^(Gamma\(0\.9|Percentile\(90)'
        $meta.ThresholdMethod | Should -Be $meta.Training.Parameters['threshold_method']
        $meta.Training.Parameters['epochs'] | Should -Be '2'
    }

    It 'gives a model Invoke-AnomalyPrediction scores with its stored threshold' {
        $out = Join-Path $dir 'valve.onnx'
        $info = New-AutoencoderModel -Path $clips -OutputPath $out @quick
        $results = Invoke-AnomalyPrediction -Model $info -Path $clips[0]
        $results | Should -HaveCount 1
        $results[0].Score | Should -BeGreaterThan 0
        $results[0].Threshold | Should -Be $info.Threshold
    }

    It 'is reproducible: the same seed gives the same threshold' {
        $a = New-AutoencoderModel -Path $clips -OutputPath (Join-Path $dir 'a.onnx') @quick
        $b = New-AutoencoderModel -Path $clips -OutputPath (Join-Path $dir 'b.onnx') @quick
        $b.Threshold | Should -Be $a.Threshold
    }

    It 'keeps an existing model unless -Force is given' {
        $out = Join-Path $dir 'm.onnx'
        Set-Content -LiteralPath $out -Value 'keep me'
        { New-AutoencoderModel -Path $clips -OutputPath $out @quick -ErrorAction Stop } | Should -Throw '*already exists*'
        Get-Content -LiteralPath $out | Should -Be 'keep me'
        New-AutoencoderModel -Path $clips -OutputPath $out @quick -Force | Should -Not -BeNullOrEmpty
    }

    It 'reports an unreadable clip and trains on the rest' {
        $bad = Join-Path $dir 'bad.wav'
        [System.IO.File]::WriteAllBytes($bad, [byte[]]::new(100))
        $info = New-AutoencoderModel -Path (@($clips) + $bad) -OutputPath (Join-Path $dir 'm.onnx') @quick -ErrorVariable errs -ErrorAction SilentlyContinue
        $info.TrainingClips | Should -Be 6
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TrainingFileUnusable*'
    }

    It 'refuses -ThresholdMethod Contamination: the autoencoder has no natural boundary' {
        { New-AutoencoderModel -Path $clips -OutputPath (Join-Path $dir 'm.onnx') @quick -ThresholdMethod Contamination -ErrorAction Stop } |
            Should -Throw '*no natural decision boundary*'
    }

    It 'does nothing with -WhatIf' {
        $out = Join-Path $dir 'm.onnx'
        New-AutoencoderModel -Path $clips -OutputPath $out @quick -WhatIf
        Test-Path -LiteralPath $out | Should -BeFalse
    }
}
