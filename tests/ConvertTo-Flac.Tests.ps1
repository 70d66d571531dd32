#Requires -Modules Pester
# Pester 5 tests for ConvertTo-Flac (alias Convert-ToFlac). Run: ./build.sh test (needs pwsh) or
# Invoke-Pester tests/ConvertTo-Flac.Tests.ps1 after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force

    # A 16-bit PCM WAV of a seeded pseudo-random signal; returns the samples written (interleaved).
    function New-TestWav {
        param([string]$Path, [int]$Frames = 4000, [int]$Rate = 16000, [int]$Channels = 1, [int]$Seed = 1)
        $rng = [System.Random]::new($Seed)
        $samples = [int[]]::new($Frames * $Channels)
        for ($i = 0; $i -lt $samples.Length; $i++) { $samples[$i] = $rng.Next(-20000, 20000) }
        $w = [System.IO.BinaryWriter]::new([System.IO.File]::Create($Path))
        try {
            $data = $samples.Length * 2
            $w.Write([byte[]][char[]]'RIFF'); $w.Write([int](36 + $data)); $w.Write([byte[]][char[]]'WAVE')
            $w.Write([byte[]][char[]]'fmt '); $w.Write([int]16); $w.Write([int16]1); $w.Write([int16]$Channels)
            $w.Write([int]$Rate); $w.Write([int]($Rate * $Channels * 2)); $w.Write([int16]($Channels * 2)); $w.Write([int16]16)
            $w.Write([byte[]][char[]]'data'); $w.Write([int]$data)
            foreach ($s in $samples) { $w.Write([int16]$s) }
        }
        finally { $w.Dispose() }
        , $samples
    }

    # Decodes a 16-bit FLAC with the module's own reader (AudioFile.ReadAll -> FlacReader) back to integers.
    # (FlacReader.ReadInt32 takes a Span, which PowerShell cannot pass; the float samples are exact multiples of 2^-15.)
    function Read-FlacSamples {
        param([string]$Path)
        $buffer = [AcousticAnomaly.Audio.AudioFile]::ReadAll($Path)
        $buffer.Format.BitsPerSample | Should -Be 16
        $ints = [int[]]::new($buffer.Samples.Length)
        for ($i = 0; $i -lt $ints.Length; $i++) { $ints[$i] = [int]($buffer.Samples[$i] * 32768) }
        , $ints
    }

    # The FLAC decodes to exactly these samples (SequenceEqual: Should -Be walks thousands of elements slowly).
    function Assert-FlacSamples([string] $Path, [int[]] $Expected) {
        $got = Read-FlacSamples $Path
        $got.Length | Should -Be $Expected.Length
        [Linq.Enumerable]::SequenceEqual([int[]]$got, $Expected) | Should -BeTrue -Because "$Path decodes to the samples written"
    }
}

Describe 'ConvertTo-Flac' {
    BeforeEach {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ("aa-flac-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $dir | Out-Null
    }
    AfterEach { Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'is exported with the Convert-ToFlac alias' {
        (Get-Command ConvertTo-Flac).OutputType.Type.FullName | Should -Contain 'AcousticAnomaly.Archive.FlacArchiveResult'
        (Get-Alias Convert-ToFlac).ResolvedCommandName | Should -Be 'ConvertTo-Flac'
    }

    It '-WhatIf writes nothing' {
        New-TestWav -Path (Join-Path $dir 'a.wav') | Out-Null
        $out = ConvertTo-Flac -Path (Join-Path $dir 'a.wav') -RemoveSource -WhatIf
        $out | Should -BeNullOrEmpty
        Get-ChildItem $dir -Filter *.flac | Should -BeNullOrEmpty
        Test-Path (Join-Path $dir 'a.wav') | Should -BeTrue
    }

    It 'takes Get-ChildItem output from the pipeline and converts sample-exactly' {
        $a = New-TestWav -Path (Join-Path $dir 'a.wav') -Seed 1
        $b = New-TestWav -Path (Join-Path $dir 'b.wav') -Channels 2 -Seed 2
        $results = Get-ChildItem $dir -Filter *.wav | ConvertTo-Flac -CompressionLevel 8
        $results | Should -HaveCount 2
        $results[0] | Should -BeOfType ([AcousticAnomaly.Archive.FlacArchiveResult])
        $results.Path | Should -Be @((Join-Path $dir 'a.flac'), (Join-Path $dir 'b.flac'))
        $results[1].Channels | Should -Be 2
        $results[0].CompressionRatio | Should -BeGreaterThan 0
        Assert-FlacSamples (Join-Path $dir 'a.flac') $a
        Assert-FlacSamples (Join-Path $dir 'b.flac') $b
        if (Get-Command flac -ErrorAction SilentlyContinue) {
            & flac -t -s (Join-Path $dir 'b.flac'); $LASTEXITCODE | Should -Be 0
        }
    }

    It 'converts a file whose name holds [ or ] when piped from Get-ChildItem (bound literally, not as a wildcard)' {
        $s = New-TestWav -Path (Join-Path $dir 'pump[1].wav')
        $r = Get-ChildItem -LiteralPath $dir -Filter *.wav | ConvertTo-Flac -ErrorAction Stop
        $r.Path | Should -Be (Join-Path $dir 'pump[1].flac')
        Assert-FlacSamples $r.Path $s
    }

    It 'takes a wildcard that matches nothing as no files, not as an error' {
        ConvertTo-Flac -Path (Join-Path $dir 'none*.wav') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
    }

    It '-GroupBy Minute joins segments of one minute in start order' {
        $x = New-TestWav -Path (Join-Path $dir 'fan_2026-11-22T10-15-30.wav') -Seed 3
        $y = New-TestWav -Path (Join-Path $dir 'fan_2026-11-22T10-15-00.wav') -Seed 4
        $z = New-TestWav -Path (Join-Path $dir 'fan_2026-11-22T10-16-00.wav') -Seed 5
        $out = Join-Path $dir 'archive'
        $results = Get-ChildItem $dir -Filter *.wav | ConvertTo-Flac -GroupBy Minute -OutputDirectory $out
        $results | Should -HaveCount 2
        $results[0].Path | Should -Be (Join-Path $out 'fan_2026-11-22T10-15.flac')
        $results[0].SourceCount | Should -Be 2
        Assert-FlacSamples $results[0].Path ([int[]]($y + $x))
        Assert-FlacSamples $results[1].Path $z
    }

    It '-RemoveSource deletes the WAV after a verified conversion' {
        $s = New-TestWav -Path (Join-Path $dir 'r.wav')
        $r = ConvertTo-Flac -LiteralPath (Join-Path $dir 'r.wav') -RemoveSource -Confirm:$false
        Test-Path (Join-Path $dir 'r.wav') | Should -BeFalse
        Assert-FlacSamples $r.Path $s
    }

    It '-RemoveSource asks first, as a high-impact change, and deletes nothing unanswered' {
        New-TestWav -Path (Join-Path $dir 'q.wav') | Out-Null
        # A child without a console to answer in: the question cannot be asked, so nothing is converted or deleted.
        $text = & pwsh -NoProfile -NonInteractive -Command "Import-Module '$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1'; ConvertTo-Flac -LiteralPath '$(Join-Path $dir 'q.wav')' -RemoveSource" 2>&1 | Out-String
        $text | Should -Match 'NonInteractive'
        Join-Path $dir 'q.wav' | Should -Exist
        Join-Path $dir 'q.flac' | Should -Not -Exist
        # Without -RemoveSource nothing is deleted, so nothing is asked.
        & pwsh -NoProfile -NonInteractive -Command "Import-Module '$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1'; ConvertTo-Flac -LiteralPath '$(Join-Path $dir 'q.wav')'" | Out-Null
        Join-Path $dir 'q.flac' | Should -Exist
    }

    It 'reports a corrupt file as a non-terminating error and converts the rest' {
        New-TestWav -Path (Join-Path $dir 'good1.wav') -Seed 6 | Out-Null
        [System.IO.File]::WriteAllBytes((Join-Path $dir 'bad.wav'), [byte[]](1..50))
        New-TestWav -Path (Join-Path $dir 'good2.wav') -Seed 7 | Out-Null
        $results = Get-ChildItem $dir -Filter *.wav | ConvertTo-Flac -ErrorVariable errs -ErrorAction SilentlyContinue
        $results | Should -HaveCount 2
        $errs | Should -HaveCount 1
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].TargetObject | Should -Be (Join-Path $dir 'bad.wav')
        $errs[0].Exception.Message | Should -Match 'bad\.wav'
        Test-Path (Join-Path $dir 'bad.flac') | Should -BeFalse
        Get-ChildItem $dir -Filter *.tmp -Force | Should -BeNullOrEmpty
    }

    It 'refuses to overwrite without -Force' {
        New-TestWav -Path (Join-Path $dir 'e.wav') | Out-Null
        Set-Content -Path (Join-Path $dir 'e.flac') -Value 'old'
        ConvertTo-Flac (Join-Path $dir 'e.wav') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Match '^FlacTargetExists'
        "$($errs[0])" | Should -Match 'use -Force to replace it'
        (ConvertTo-Flac (Join-Path $dir 'e.wav') -Force).Bytes | Should -BeGreaterThan 44
    }

    It 'takes a folder as the WAV files in it' {
        $s = New-TestWav -Path (Join-Path $dir 'f.wav')
        Set-Content -Path (Join-Path $dir 'notes.txt') -Value 'not audio'
        $r = ConvertTo-Flac -LiteralPath $dir -ErrorAction Stop
        $r.Path | Should -Be (Join-Path $dir 'f.flac')
        Assert-FlacSamples $r.Path $s
    }

    It 'names the path when -OutputDirectory is a file' {
        New-TestWav -Path (Join-Path $dir 'o.wav') | Out-Null
        $file = Join-Path $dir 'not-a-folder'
        Set-Content -Path $file -Value 'x'
        $e = { ConvertTo-Flac (Join-Path $dir 'o.wav') -OutputDirectory $file -ErrorAction Stop } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -Match '^OutputDirectoryIsFile'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.TargetObject | Should -Be $file
    }

    It 'keeps a FLAC given as input with -RemoveSource -Force: it is never its own target (issue 15 item 1)' {
        $s = New-TestWav -Path (Join-Path $dir 'x.wav') -Seed 8
        $flac = (ConvertTo-Flac -LiteralPath (Join-Path $dir 'x.wav') -RemoveSource -Confirm:$false).Path
        # The reported loss: the folder piped again, the earlier FLAC included, with -RemoveSource -Force.
        $out = Get-ChildItem $dir | ConvertTo-Flac -RemoveSource -Force -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        "$($errs[0])" | Should -Match 'both an input and the FLAC'
        $errs[0].TargetObject | Should -Be $flac
        Assert-FlacSamples $flac $s
    }

    It '-GroupBy Minute run twice over one minute extends the archive, never replaces it (issue 15 item 2)' {
        $a = New-TestWav -Path (Join-Path $dir 'fan_2026-11-22T10-15-00.wav') -Seed 9
        $b = New-TestWav -Path (Join-Path $dir 'fan_2026-11-22T10-15-20.wav') -Seed 10
        $first = Get-ChildItem $dir -Filter *.wav | ConvertTo-Flac -GroupBy Minute -RemoveSource -Force -Confirm:$false
        $c = New-TestWav -Path (Join-Path $dir 'fan_2026-11-22T10-15-40.wav') -Seed 11
        $second = Get-ChildItem $dir -Filter *.wav | ConvertTo-Flac -GroupBy Minute -RemoveSource -Force -Confirm:$false
        $second.Path | Should -Be $first.Path
        Assert-FlacSamples $second.Path ([int[]]($a + $b + $c))
        Get-ChildItem $dir -Filter *.wav | Should -BeNullOrEmpty
        Get-ChildItem $dir -Filter *.tmp -Force | Should -BeNullOrEmpty
    }

    It 'keeps a WAV holding more samples than its header declares (issue 15 item 3)' {
        $wav = Join-Path $dir 'long.wav'
        New-TestWav -Path $wav -Frames 4000 -Seed 12 | Out-Null
        # 1000 more frames after the declared data: a reader stopping at the declared size would archive 4000 of 5000.
        [byte[]] $bytes = [IO.File]::ReadAllBytes($wav) + [byte[]]::new(2000)
        for ($i = $bytes.Length - 2000; $i -lt $bytes.Length; $i++) { $bytes[$i] = [byte]($i % 251) }
        [IO.File]::WriteAllBytes($wav, $bytes)
        ConvertTo-Flac -LiteralPath $wav -RemoveSource -Confirm:$false -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs | Should -HaveCount 1
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        "$($errs[0])" | Should -Match 'source is kept'
        [Linq.Enumerable]::SequenceEqual([IO.File]::ReadAllBytes($wav), $bytes) | Should -BeTrue -Because 'the WAV is untouched'
        Join-Path $dir 'long.flac' | Should -Not -Exist
    }

    It 'reports a missing file as ObjectNotFound' {
        ConvertTo-Flac -LiteralPath (Join-Path $dir 'nope.wav') -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'rejects a compression level outside 0..8' {
        { ConvertTo-Flac (Join-Path $dir 'x.wav') -CompressionLevel 9 } | Should -Throw
    }
}
