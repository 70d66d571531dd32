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
dotnet msbuild build/build.proj -restore -nologo -v:minimal "-t:$Task" @MSBuildArgs
exit $LASTEXITCODE
