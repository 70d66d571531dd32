# Runs the Pester suite against the assembled module folder and fails the build on any failure.
param([Parameter(Mandatory)][string]$TestsPath)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0')) {
    Write-Host 'Pester: NOT RUN - Pester 5 is not installed (Install-Module Pester -MinimumVersion 5.0).'
    exit 1
}
Import-Module Pester -MinimumVersion 5.0.0
$config = New-PesterConfiguration
$config.Run.Path = $TestsPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config
Write-Host "Pester: $($result.PassedCount) passed, $($result.FailedCount) failed, $($result.SkippedCount) skipped"
if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
