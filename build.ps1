<#
.SYNOPSIS
    Builds AcousticAnomaly, assembles the module folder, runs the tests or the demo.
.DESCRIPTION
    The PowerShell entry point. build.sh is the same for machines without pwsh; both only call build/build.proj.
.EXAMPLE
    ./build.ps1 -Task Test
#>
param(
    [ValidateSet('Module', 'Test', 'Demo')]
    [string]$Task = 'Module',
    [string[]]$MSBuildArgs = @()
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
if ($Task -ne 'Module' -and $IsLinux) { bash scripts/install-prereqs.sh; if ($LASTEXITCODE) { exit $LASTEXITCODE } }
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$summaries = 'artifacts/test-results/summary-xunit.txt', 'artifacts/test-results/summary-pester.txt'
Remove-Item -LiteralPath $summaries -ErrorAction Ignore
dotnet msbuild build/build.proj -restore -nologo -v:minimal "-t:$Task" @MSBuildArgs
$rc = $LASTEXITCODE
# One plain closing line per runner, flush left (MSBuild indents what it prints).
if ($Task -eq 'Test') {
    foreach ($f in $summaries) {
        if (Test-Path -LiteralPath $f) { Get-Content -LiteralPath $f } else { "$((Split-Path $f -LeafBase) -replace '^summary-'): did not run" }
    }
}
exit $rc
