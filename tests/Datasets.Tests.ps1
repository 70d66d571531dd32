#Requires -Modules Pester
# Pester 5 tests for the labelled-data cmdlets (Test-AudioFile, Get-AudioDataset, Split-AudioFile, Split-AudioDataset,
# New-AudioAugmentation). Run: ./build.sh test (needs pwsh) or Invoke-Pester tests/Datasets.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $fixture = Join-Path $PSScriptRoot 'fixtures/speechcommands-mini'
    $speaker = '^(?<group>[^_]+)_'
}

Describe 'labelled-data cmdlets' {
    BeforeEach {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-data-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir | Out-Null
        Copy-Item -Recurse -LiteralPath $fixture -Destination (Join-Path $dir 'data')
        $data = Join-Path $dir 'data'
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'Test-AudioFile: every fixture clip is valid; a broken file is a row with its reason; hidden files are skipped' {
        Set-Content -LiteralPath (Join-Path $data 'cat/broken.wav') -Value 'not audio'
        Set-Content -LiteralPath (Join-Path $data 'cat/.hidden.wav') -Value 'not audio'
        $rows = Get-ChildItem $data -Recurse -File -Force -Filter *.wav | Test-AudioFile
        $rows | Should -HaveCount 15
        ($rows | Where-Object IsValid) | Should -HaveCount 14
        $bad = $rows | Where-Object { -not $_.IsValid }
        $bad.Reason | Should -Be 'Unreadable'
        $bad.Path | Should -BeLike '*broken.wav'
    }

    It 'Get-AudioDataset: one row per label and the * row with the longest clip' {
        $rows = Get-AudioDataset $data
        $rows.Label | Should -Be @('bed', 'cat', 'happy', '*')
        $rows[0].Count | Should -Be 6
        $rows[3].Count | Should -Be 14
        $rows[3].MaxDuration | Should -Be 0.5
        $rows[3].LongestClip | Should -Not -BeNullOrEmpty
    }

    It 'Split-AudioFile: exact chunks with offsets in their names; -WhatIf writes nothing' {
        $wav = Join-Path $data 'bed/004ae714_nohash_0.wav'
        Split-AudioFile $wav -ChunkDuration 0.2 -OutputDirectory (Join-Path $dir 'w') -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $dir 'w') | Should -BeFalse
        $chunks = Split-AudioFile $wav -ChunkDuration 0.2 -OutputDirectory (Join-Path $dir 'chunks')
        $chunks | ForEach-Object { Split-Path $_.Path -Leaf } | Should -Be @('004ae714_nohash_0_0.000s.wav', '004ae714_nohash_0_0.200s.wav', '004ae714_nohash_0_0.400s.wav')
        ($chunks | Measure-Object Frames -Sum).Sum | Should -Be 8000
    }

    It 'Split-AudioDataset then New-AudioAugmentation on the training side only' {
        $split = Join-Path $dir 'split'
        $entries = Split-AudioDataset $data -OutputDirectory $split -GroupPattern $speaker -TrainFraction 0.5 -ValidationFraction 0.25 -TestFraction 0.25 -Seed 3
        $entries | Should -HaveCount 14
        $entries | Group-Object Group | ForEach-Object { ($_.Group.Split | Sort-Object -Unique) | Should -HaveCount 1 }
        Test-Path (Join-Path $split 'manifest.csv') | Should -BeTrue
        $again = Split-AudioDataset $data -GroupPattern $speaker -TrainFraction 0.5 -ValidationFraction 0.25 -TestFraction 0.25 -Seed 3
        ($again | ForEach-Object Split) -join ',' | Should -Be (($entries | ForEach-Object Split) -join ',')

        $train = @($entries | Where-Object Split -eq 'train')
        $aug = $entries | Where-Object Split -eq 'train' | New-AudioAugmentation -Augmentation 'noise:snr=10', 'reverse' -OutputDirectory (Join-Path $dir 'aug') -Seed 1
        $aug | Should -HaveCount (2 * $train.Count)
        $aug | ForEach-Object Split | Sort-Object -Unique | Should -Be 'train'
        $aug[0].Path | Should -BeLike '*__noise-snr10_s1.wav'
        (Import-Csv (Join-Path $dir 'aug/augmentations.csv')) | Should -HaveCount (2 * $train.Count)

        # The manifest feeds the training cmdlets directly (full paths bind -Path by property name).
        (Import-Csv (Join-Path $split 'manifest.csv') | Where-Object Split -eq 'train').Path | Should -Be $train.Path

        $fromManifest = New-AudioAugmentation -Manifest (Join-Path $split 'manifest.csv') -Augmentation 'gain:db=-6' -OutputDirectory (Join-Path $dir 'aug2')
        $fromManifest | Should -HaveCount $train.Count
    }

    It 'New-AudioAugmentation: an unknown augmentation is a terminating error naming the choices' {
        { New-AudioAugmentation (Join-Path $data 'bed/004ae714_nohash_0.wav') -Augmentation 'wobble' -OutputDirectory $dir -ErrorAction Stop } |
            Should -Throw '*known: noise*'
    }
}
