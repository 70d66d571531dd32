#Requires -Modules Pester
# Pester 5: default views at 80 columns, as a `pwsh -File` log or a scheduled task prints them (issue 9 defects 5, 10).
# Every result type is built from its constructor with realistic values (a 24-character device name, a 32-character
# file name), formatted with Out-String -Width 80, and must show its verdict and its file or device in full.
# Types are found by name in the loaded core assembly, so a namespace move does not break the test.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:Core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AcousticAnomaly' }
    $script:Device = 'alsa_input.usb-mic-front'                       # 24 characters
    $script:File = '/var/lib/rec/pump3_20261203T203400.123Z.wav'        # its name is 32 characters
    $script:Time = [DateTimeOffset]::new(2026, 12, 3, 20, 34, 0, 123, [TimeSpan]::Zero)

    function script:New-Result([string] $TypeName, [hashtable] $Values = @{}) {
        $type = $script:Core.GetTypes() | Where-Object { $_.Name -eq $TypeName -and $_.IsPublic } | Select-Object -First 1
        $ctor = $type.GetConstructors() | Sort-Object { $_.GetParameters().Count } -Descending | Select-Object -First 1
        $arguments = foreach ($p in $ctor.GetParameters()) {
            if ($Values.ContainsKey($p.Name)) { $Values[$p.Name]; continue }
            $t = $p.ParameterType
            if ([Nullable]::GetUnderlyingType($t)) { $t = [Nullable]::GetUnderlyingType($t) }   # e.g. an event's IsAnomaly
            if ($p.Name -match 'Path$') { $script:File }
            elseif ($p.Name -eq 'Device') { $script:Device }
            elseif ($t -eq [string]) { 'abc' }
            elseif ($t -eq [bool]) { $true }
            elseif ($t -eq [double]) { 12.3456 }
            elseif ($t -eq [int] -or $t -eq [long]) { [Convert]::ChangeType(16000, $t) }
            elseif ($t -eq [DateTimeOffset]) { $script:Time }
            elseif ($t -eq [DateTime]) { $script:Time.UtcDateTime }
            elseif ($t -eq [TimeSpan]) { [TimeSpan]::FromSeconds(1.5) }
            elseif ($t.IsEnum) { [Enum]::GetValues($t)[0] }
            elseif ($t -eq [string[]]) { , [string[]]@('normal', 'anomaly') }
            elseif ($t -eq [int[]]) { , [int[]]@(16000) }
            elseif ($t.IsValueType) { [Activator]::CreateInstance($t) }
            else { $null }
        }
        $ctor.Invoke([object[]]@($arguments))
    }

    function script:Get-Table($Object) {
        $lines = ($Object | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_' fits 80 columns" }
        $lines | Should -Not -Match '…' -Because 'no column is cut off'
        $lines
    }
}

Describe 'Default views fit 80 columns with the verdict and the file or device' {
    It '<Type> shows <Verdict> first and the <Place> in full' -ForEach @(
        @{ Type = 'WatchResult'; Verdict = 'IsAnomaly'; Place = 'device' }
        @{ Type = 'ClassificationWatchResult'; Verdict = 'Label'; Place = 'device' }
        @{ Type = 'AnomalyEventMessage'; Verdict = 'IsAnomaly'; Place = 'device' }
        @{ Type = 'ClassificationResult'; Verdict = 'Label'; Place = 'file' }
        @{ Type = 'AudioFileCheck'; Verdict = 'IsValid'; Place = 'file' }
    ) {
        $lines = Get-Table (New-Result $Type)
        $lines[0] | Should -Match "^$Verdict\b"
        $lines[2] | Should -Match '^(True|abc)\b'
        $expected = if ($Place -eq 'device') { $script:Device } else { [IO.Path]::GetFileName($script:File) }
        $lines[2] | Should -Match ([regex]::Escape($expected))
    }

    It '<Type> shows the <Place> in full' -ForEach @(
        @{ Type = 'ModelInfo'; Place = 'file' }
        @{ Type = 'ClassifierTrainingResult'; Place = 'file' }
        @{ Type = 'RecordingSegment'; Place = 'file' }
        @{ Type = 'AugmentationResult'; Place = 'file' }
        @{ Type = 'DatasetSplitEntry'; Place = 'file' }
        @{ Type = 'DatasetLabelSummary'; Place = 'label' }
    ) {
        $lines = Get-Table (New-Result $Type)
        if ($Place -eq 'file') { $lines[2] | Should -Match ([regex]::Escape([IO.Path]::GetFileName($script:File))) }
        else { $lines[2] | Should -Match '^abc\b' }
    }

    It 'watch rows print the offset in seconds and the time with milliseconds' {
        $lines = Get-Table (New-Result 'WatchResult' @{ Offset = 12.5 })
        $lines[2] | Should -Match '\b12\.5\b'
        $lines[2] | Should -Match '20:34:00\.123'
        $lines[2] | Should -Not -Match '00:00:'
    }
}

Describe 'Export-Csv and ConvertTo-Json friendly (issue 9 defect 10)' {
    It 'durations and offsets are seconds (double) in CSV and JSON' {
        $segment = New-Result 'RecordingSegment' @{ Duration = 0.75 }
        $watch = New-Result 'WatchResult' @{ Offset = 2.5 }
        ($segment | ConvertTo-Csv | ConvertFrom-Csv).Duration | Should -Be '0.75'
        ($watch | ConvertTo-Csv | ConvertFrom-Csv).Offset | Should -Be '2.5'
        ($segment | ConvertTo-Json | ConvertFrom-Json).Duration | Should -Be 0.75
        ($watch | ConvertTo-Json | ConvertFrom-Json).Offset | Should -Be 2.5
        foreach ($t in 'AudioFileCheck', 'DatasetLabelSummary', 'AugmentationResult', 'ClassificationWatchResult') {
            (New-Result $t | ConvertTo-Json -Depth 1) | Should -Not -Match '"Ticks"' -Because "$t has no TimeSpan left"
        }
    }

    It 'times are ISO 8601 with milliseconds in JSON' {
        (New-Result 'WatchResult' | ConvertTo-Json) | Should -Match '"Time": "2026-12-03T20:34:00\.123'
    }

    It 'Export-Csv writes <Type>.<Property> as ISO 8601 with milliseconds' -TestCases @(
        @{ Type = 'WatchResult'; Property = 'Time' }
        @{ Type = 'ClassificationWatchResult'; Property = 'Time' }
        @{ Type = 'AnomalyEventMessage'; Property = 'Time' }
        @{ Type = 'AudioLevel'; Property = 'Time' }
        @{ Type = 'CaptureStatus'; Property = 'Time' }
        @{ Type = 'RecordingSegment'; Property = 'Start' }
    ) {
        $csv = Join-Path ([IO.Path]::GetTempPath()) ("aa-iso-$Type-" + [guid]::NewGuid().ToString('N') + '.csv')
        try {
            New-Result $Type | Export-Csv -LiteralPath $csv
            (Import-Csv -LiteralPath $csv).$Property | Should -Be '2026-12-03T20:34:00.123+00:00'
            # The columns keep the record's order (the CLI CSV header), although ETS lists type-table members first.
            (Get-Content -LiteralPath $csv -TotalCount 1) -replace '"', '' | Should -Be ((New-Result $Type).GetType().GetProperties().Name -join ',')
        }
        finally { Remove-Item -LiteralPath $csv -ErrorAction SilentlyContinue }
        (New-Result $Type | ConvertTo-Json) | Should -Match ('"' + $Property + '": "2026-12-03T20:34:00\.123')
    }

    It 'the exported time is still a DateTimeOffset: sorting, filtering and .NET formatting work' {
        $rows = 3, 1, 2 | ForEach-Object { New-Result 'WatchResult' @{ Time = $script:Time.AddSeconds($_); Offset = [double]$_ } }
        $rows[0].Time | Should -BeOfType [DateTimeOffset]
        ($rows | Sort-Object Time).Offset | Should -Be @(1, 2, 3)
        ($rows | Where-Object { $_.Time -gt $script:Time.AddSeconds(1.5) }).Offset | Should -Be @(3, 2)
        ($rows | Measure-Object -Property Offset -Maximum).Maximum | Should -Be 3
        $rows[0].Time.ToString('HH:mm:ss') | Should -Be '20:34:03'
        ($rows | ConvertTo-Csv | ConvertFrom-Csv | Sort-Object Time).Offset | Should -Be @('1', '2', '3')
    }

    It 'leaves DateTimeOffsets that are not ours to the session''s formatting' {
        ([pscustomobject]@{ T = $script:Time } | ConvertTo-Csv | ConvertFrom-Csv).T | Should -Be $script:Time.ToString()
    }
}
