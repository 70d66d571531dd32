#Requires -Modules Pester
# Pester 5: output records survive Export-Csv and ConvertTo-Json (issue 9, defect 10): no "System.String[]", time spans
# as seconds. Run: ./build.sh test, or Invoke-Pester tests/OutputRecords.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $work = Join-Path ([IO.Path]::GetTempPath()) ('aa-records-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $work | Out-Null
    $wav = Join-Path $PSScriptRoot 'fixtures/audio/bldc_44k1_stereo_pcm16_0.5s.wav'
    foreach ($n in 'fan_2026-11-22T10-15-00.wav', 'fan_2026-11-22T10-15-30.wav') { Copy-Item -LiteralPath $wav -Destination (Join-Path $work $n) }
    $fx = Join-Path $PSScriptRoot 'fixtures/evaluation-audio'
    $model = Get-ChildItem (Join-Path $fx 'train') -Filter *.flac | New-IsolationForestModel -OutputPath (Join-Path $work 'm.onnx') -TreeCount 10 -Seed 1
}

AfterAll { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Output records as CSV and JSON' {
    It 'FlacArchiveResult: the sources survive an Export-Csv round trip as a joined string and a count' {
        $r = Get-ChildItem -LiteralPath $work -Filter fan_*.wav | ConvertTo-Flac -GroupBy Minute -OutputDirectory (Join-Path $work 'archive')
        $csv = Join-Path $work 'flac.csv'
        $r | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv
        $row.SourceCount | Should -Be '2'
        $row.SourcePath -split ';' | Should -Be @((Join-Path $work 'fan_2026-11-22T10-15-00.wav'), (Join-Path $work 'fan_2026-11-22T10-15-30.wav'))
        [double]$row.Duration | Should -Be $r.Duration
        $r.Duration | Should -BeOfType [double]
        $r.Duration | Should -BeGreaterThan 0.9
        (Get-Content -LiteralPath $csv -Raw) | Should -Not -Match 'System\.String\[\]'
        ($r | ConvertTo-Json | ConvertFrom-Json).Duration | Should -Be $r.Duration
    }

    It 'PredictionResult: Offset and Duration are seconds in CSV and JSON' {
        $clip = (Get-ChildItem (Join-Path $fx 'normal') -Filter *.flac | Select-Object -First 1).FullName
        $p = Invoke-AnomalyPrediction -LiteralPath $clip -Model $model -SegmentDuration 1
        $p[0].Offset | Should -BeOfType [double]
        $csv = Join-Path $work 'pred.csv'
        $p | Export-Csv -LiteralPath $csv
        $rows = Import-Csv -LiteralPath $csv
        [double[]]$rows.Offset | Should -Be ([double[]]$p.Offset)
        [double]$rows[0].Duration | Should -Be 1
        $json = $p[0] | ConvertTo-Json | ConvertFrom-Json
        $json.Duration | Should -Be 1
    }

    It 'the CLI CSV header is the property names of the same objects' {
        $names = [AcousticAnomaly.Archive.FlacArchiveResult].GetProperties().Name
        $names | Should -Contain 'SourceCount'
        $names | Should -Not -Contain 'Sources'
    }
}

Describe 'Default tables at 80 columns (issue 9, defect 5)' {
    It 'a prediction table keeps the verdict and the file name visible in a pwsh -File log' {
        $clip = (Get-ChildItem (Join-Path $fx 'abnormal') -Filter *.flac | Select-Object -First 1).FullName
        $p = Invoke-AnomalyPrediction -LiteralPath $clip -Model $model -Threshold -1
        $text = $p | Format-Table | Out-String -Width 80
        $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^Label\s+Score'
        $lines[2] | Should -Match '^anomaly'
        $lines[2] | Should -Match ([regex]::Escape([IO.Path]::GetFileName($clip)))
        $lines[2] | Should -Not -Match '00:00:'
    }

    It 'Get-AnomalyModel fits 80 columns as a table' {
        $text = Get-AnomalyModel -LiteralPath $model.Path | Format-Table | Out-String -Width 80
        $row = ($text -split "`r?`n" | Where-Object { $_.Trim() })[2]
        $row | Should -Match '^Anomaly\s+IsolationForest'
        $row | Should -Match 'm\.onnx$'
    }
}
