#Requires -Modules Pester
# Pester 5 tests for Remove-AudioArchive (issue 15 item 16: retention). Run after ./build.sh module.

BeforeAll {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    function New-File([string] $Name, [int] $Bytes = 4096) {
        $p = Join-Path $script:Dir $Name
        [IO.File]::WriteAllBytes($p, [byte[]]::new($Bytes))
        $p
    }
    # An evidence folder (marked as Watch-AnomalyStream marks it) holding a copy of each given file; returns the copies.
    function New-EvidenceCopy([string[]] $Files) {
        $evidence = Join-Path $script:Dir 'evidence'
        New-Item -ItemType Directory $evidence -Force | Out-Null
        New-Item -ItemType File (Join-Path $evidence '.acoustic-anomaly-evidence') -Force | Out-Null
        foreach ($f in $Files) {
            $copy = Join-Path $evidence (Split-Path -Leaf $f)
            Copy-Item $f $copy
            $copy
        }
    }
}

Describe 'Remove-AudioArchive' {
    BeforeEach {
        $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-retention-" + [guid]::NewGuid())
        New-Item -ItemType Directory $script:Dir | Out-Null
        $old = (Get-Date).ToUniversalTime().AddDays(-40).ToString("yyyy-MM-dd'T'HH-mm-ss.fff'Z'")
        $new = (Get-Date).ToUniversalTime().AddDays(-1).ToString("yyyy-MM-dd'T'HH-mm-ss.fff'Z'")
        $script:OldFlac = New-File "pump_$old.flac"
        $script:NewFlac = New-File "pump_$new.flac"
        $script:OldWav = New-File "pump_$old.wav"
    }
    AfterEach { Remove-Item -Recurse -Force $script:Dir }

    It 'is a high-impact remover with -WhatIf' {
        $c = Get-Command Remove-AudioArchive
        $c.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        $c.Parameters.Keys | Should -Contain 'WhatIf'
        Remove-AudioArchive $script:Dir -KeepFor 30d -WhatIf
        $script:OldFlac | Should -Exist
    }

    It 'deletes archived audio older than -KeepFor 30d, never WAVs' {
        $removed = @(Remove-AudioArchive $script:Dir -KeepFor 30d -Confirm:$false)
        $removed.Count | Should -Be 1
        $removed[0].Path | Should -Be $script:OldFlac
        $removed[0].Reason | Should -Be 'Age'
        $removed[0].Removed | Should -BeTrue
        $script:OldFlac | Should -Not -Exist
        $script:NewFlac | Should -Exist
        $script:OldWav | Should -Exist
    }

    It 'warns when unarchived WAVs alone break -MaxSize' {
        Remove-AudioArchive $script:Dir -MaxSize 1KB -Confirm:$false -WarningVariable w -WarningAction SilentlyContinue | Out-Null
        $w | Should -Not -BeNullOrEmpty
        "$w" | Should -Match 'unarchived WAVs'
        $script:OldWav | Should -Exist
    }

    It 'keeps evidence clips unless -IncludeEvidence' {
        $clip = New-EvidenceCopy $script:OldFlac
        Remove-AudioArchive $script:Dir -KeepFor 30d -Recurse -Confirm:$false | Out-Null
        $clip | Should -Exist
        Remove-AudioArchive $script:Dir -KeepFor 30d -Recurse -IncludeEvidence -Confirm:$false | Out-Null
        $clip | Should -Not -Exist
    }

    It 'never deletes WAVs or evidence, whatever the budget (issue 15 item 16)' {
        $clip, $evidenceWav = New-EvidenceCopy $script:OldFlac, $script:OldWav
        # Every limit at its tightest: nothing may stay but what is never deleted.
        $removed = @(Remove-AudioArchive $script:Dir -KeepFor 0d -MaxSize 1 -Recurse -Confirm:$false -WarningAction SilentlyContinue)
        $removed.Path | Should -Not -Contain $script:OldWav
        $removed.Path | Should -Not -Contain $clip
        $script:OldWav | Should -Exist
        $clip | Should -Exist
        $evidenceWav | Should -Exist
        $script:OldFlac | Should -Not -Exist
        $script:NewFlac | Should -Not -Exist
        # Even -IncludeEvidence takes the evidence FLAC only: a WAV is unarchived audio wherever it is.
        Remove-AudioArchive $script:Dir -MaxSize 1 -Recurse -IncludeEvidence -Confirm:$false -WarningAction SilentlyContinue | Out-Null
        $clip | Should -Not -Exist
        $evidenceWav | Should -Exist
        $script:OldWav | Should -Exist
    }
}
