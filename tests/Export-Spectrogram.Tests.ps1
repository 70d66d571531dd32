#Requires -Modules Pester
# Pester 5 tests for Export-Spectrogram. Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/Export-Spectrogram.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $fx = Join-Path $PSScriptRoot 'fixtures/evaluation-audio'
    $clips = @(Get-ChildItem (Join-Path $fx 'abnormal') -Filter *.flac | Sort-Object FullName)
}

Describe 'Export-Spectrogram' {
    BeforeEach {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-spec-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'declares SpectrogramExportResult as its output type' {
        (Get-Command Export-Spectrogram).OutputType.Type.FullName | Should -Contain 'AcousticAnomaly.Plots.SpectrogramExportResult'
    }

    It 'writes one PNG per piped file into -OutputDirectory' {
        $out = $clips | Export-Spectrogram -OutputDirectory $dir
        $out | Should -HaveCount $clips.Count
        $out[0].SourcePath | Should -Be $clips[0].FullName
        $out[0].Path | Should -Be (Join-Path $dir ($clips[0].BaseName + '.png'))
        $out[0].Width | Should -Be 47     # 1.5 s at 16 kHz, hop 512, centred frames
        $out[0].Height | Should -Be 128   # mel bands
        $bytes = [System.IO.File]::ReadAllBytes($out[0].Path)
        $bytes[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
    }

    It 'writes beside the audio file by default' {
        Copy-Item -LiteralPath $clips[0].FullName -Destination (Join-Path $dir 'clip.flac')
        $out = Export-Spectrogram -Path (Join-Path $dir 'clip.flac')
        $out.Path | Should -Be (Join-Path $dir 'clip.png')
        Test-Path -LiteralPath $out.Path | Should -BeTrue
    }

    It '-WhatIf writes nothing' {
        $out = $clips | Export-Spectrogram -OutputDirectory $dir -WhatIf
        $out | Should -BeNullOrEmpty
        Get-ChildItem -LiteralPath $dir | Should -BeNullOrEmpty
    }

    It 'keeps an existing PNG unless -Force' {
        $target = Join-Path $dir ($clips[0].BaseName + '.png')
        Set-Content -LiteralPath $target -Value 'keep me'
        $out = Export-Spectrogram -LiteralPath $clips[0].FullName -OutputDirectory $dir -ErrorAction SilentlyContinue -ErrorVariable errs
        $out | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].Exception.Message | Should -BeLike '*already exists*'
        (Get-Content -LiteralPath $target -Raw).Trim() | Should -Be 'keep me'

        $out = Export-Spectrogram -LiteralPath $clips[0].FullName -OutputDirectory $dir -Force
        $out.Width | Should -Be 47
    }

    It 'uses the feature settings of -Model' {
        $model = Get-ChildItem (Join-Path $fx 'train') -Filter *.flac |
            New-IsolationForestModel -OutputPath (Join-Path $dir 'm.onnx') -TreeCount 10 -SampleRate 8000
        $out = Export-Spectrogram -LiteralPath $clips[0].FullName -OutputDirectory $dir -Model $model
        $out.Width | Should -Be 24   # resampled to 8 kHz: 12000 samples / 512 + 1 frames
    }

    It 'writes an error for an unreadable file and goes on' {
        $bad = Join-Path $dir 'bad.wav'
        Set-Content -LiteralPath $bad -Value 'not audio'
        $out = Export-Spectrogram -Path $bad, $clips[0].FullName -OutputDirectory $dir -ErrorAction SilentlyContinue -ErrorVariable errs
        $out | Should -HaveCount 1
        $errs | Should -HaveCount 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AudioFileUnreadable*'
        $errs[0].Exception.Message | Should -BeLike '*bad.wav*'
    }
}
