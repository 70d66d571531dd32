# Runs every tests/**/*.Tests.ps1 against the assembled module folder with the pinned Pester, prints one plain line
#   pester: N passed, N failed, N skipped
# read from the run itself, and exits non-zero on any failure. Called by build/build.proj (target PesterTests) in the
# pinned pwsh (.config/dotnet-tools.json); -ModulesPath holds Pester/<version>/ as build.proj's TestTools target put it.
param(
    [Parameter(Mandatory)][string]$TestsPath,
    [Parameter(Mandatory)][string]$ModulesPath,
    [Parameter(Mandatory)][version]$PesterVersion,
    [string]$ResultsPath
)
$ErrorActionPreference = 'Stop'
# CI logs are files: no ANSI colour codes from PowerShell's formatter, Pester or the child processes the tests start.
$PSStyle.OutputRendering = 'PlainText'
$env:NO_COLOR = '1'
$env:PSModulePath = (Resolve-Path $ModulesPath).Path + [IO.Path]::PathSeparator + $env:PSModulePath

# Tests start child processes with `pwsh` (and Start-Job): they must get this same pinned pwsh, not whatever is on
# PATH. As a dotnet tool, pwsh is `dotnet <pwsh.dll>`, so a small launcher named pwsh goes first on PATH.
$bin = Join-Path (Split-Path (Resolve-Path $ModulesPath).Path) 'bin'
New-Item -ItemType Directory -Force -Path $bin | Out-Null
$dotnet = (Get-Process -Id $PID).Path
$pwshDll = [Environment]::GetCommandLineArgs()[0]
if ($IsWindows) {
    Set-Content -Path (Join-Path $bin 'pwsh.cmd') -Value "@`"$dotnet`" `"$pwshDll`" %*"
} else {
    $launcher = Join-Path $bin 'pwsh'
    Set-Content -Path $launcher -Value "#!/bin/sh`nexec '$dotnet' '$pwshDll' `"`$@`""
    & chmod +x $launcher
}
$env:PATH = $bin + [IO.Path]::PathSeparator + $env:PATH

Import-Module Pester -RequiredVersion $PesterVersion
$config = New-PesterConfiguration
$config.Run.Path = $TestsPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $config

# A file that fails before its tests run (syntax error, failing top-level BeforeAll) counts as a failure too.
$broken = @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
$failed = $result.FailedCount + $broken
$summary = "pester: $($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped"
[Console]::Out.WriteLine($summary)
# The wrappers print this again after MSBuild, whose console logger indents every line of a child process.
if ($ResultsPath) {
    New-Item -ItemType Directory -Force -Path (Split-Path $ResultsPath) | Out-Null
    Set-Content -LiteralPath (Join-Path (Split-Path $ResultsPath) 'summary-pester.txt') -Value $summary
}

# The XML report is a convenience for CI viewers; failing to write it must not change the verdict above.
if ($ResultsPath) {
    try {
        New-Item -ItemType Directory -Force -Path (Split-Path $ResultsPath) | Out-Null
        $result | Export-JUnitReport -Path $ResultsPath
    } catch {
        [Console]::Error.WriteLine("warning: could not write the Pester report $($ResultsPath): $_")
    }
}
if ($failed -gt 0 -or $result.Result -ne 'Passed') { exit 1 }
exit 0
