#Requires -Modules Pester
# Pester 5: ONNX Runtime (the Microsoft.ML.OnnxRuntime package) inside PowerShell. PowerShell loads the module into its
# own process and does not probe runtimes/<rid>/native/, so the core registers a DllImport resolver; these tests show
# that the module scores a model with the library from its own folder, that PowerShell alone would not find it, and
# that the folder carries a library of the right architecture for every platform the README names.

BeforeAll {
    $script:ModuleDir = (Resolve-Path "$PSScriptRoot/../out/AcousticAnomaly").Path
    Import-Module "$script:ModuleDir/AcousticAnomaly.psd1" -Force
    $script:Clips = @(Get-ChildItem "$PSScriptRoot/fixtures/autoencoder" -Filter 'valve_normal_*.wav' | Sort-Object Name)
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ('aa-ort-' + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $script:Dir | Out-Null

    # (rid, file, what the header must say): ELF e_machine, PE machine, Mach-O cputype.
    $script:Natives = @(
        @{ Rid = 'linux-x64';   File = 'libonnxruntime.so';    Format = 'ELF';    Machine = 0x3E }        # EM_X86_64
        @{ Rid = 'linux-arm64'; File = 'libonnxruntime.so';    Format = 'ELF';    Machine = 0xB7 }        # EM_AARCH64
        @{ Rid = 'win-x64';     File = 'onnxruntime.dll';      Format = 'PE';     Machine = 0x8664 }      # AMD64
        @{ Rid = 'win-arm64';   File = 'onnxruntime.dll';      Format = 'PE';     Machine = 0xAA64 }      # ARM64
        @{ Rid = 'osx-arm64';   File = 'libonnxruntime.dylib'; Format = 'MachO';  Machine = 0x0100000C }  # CPU_TYPE_ARM64
    )
}

AfterAll {
    Remove-Item -Recurse -Force $script:Dir -ErrorAction SilentlyContinue
}

Describe 'ONNX Runtime in the module' {
    It 'trains and scores a model in this PowerShell process' {
        $model = $script:Clips | Select-Object -First 4 |
            New-IsolationForestModel -OutputPath (Join-Path $script:Dir 'valve.onnx') -Seed 1
        $r = $script:Clips | Invoke-AnomalyPrediction -Model $model
        $r | Should -HaveCount $script:Clips.Count
        foreach ($x in $r) {
            [double]::IsFinite($x.Score) | Should -BeTrue
            $x.IsAnomaly | Should -Be ($x.Score -gt $x.Threshold)
        }
    }

    It 'loaded the library from the module folder runtimes/linux-x64/native/' -Skip:(-not $IsLinux) {
        $expected = Join-Path $script:ModuleDir 'runtimes/linux-x64/native/libonnxruntime.so'
        $mapped = @(Get-Content "/proc/$PID/maps" | Where-Object { $_ -match 'libonnxruntime\.so' } |
            ForEach-Object { ($_ -split '\s+', 6)[5] } | Sort-Object -Unique)
        $mapped | Should -Be @($expected)
    }

    It 'needs the resolver: PowerShell alone does not find the runtimes folder' {
        # A fresh process that loads the same ONNX Runtime assembly with no resolver at all (ORT's own switched off).
        $script = "Add-Type -Path '$script:ModuleDir/Microsoft.ML.OnnxRuntime.dll'; " +
            '[Microsoft.ML.OnnxRuntime.OrtEnv]::DisableDllImportResolver = $true; ' +
            'try { [void][Microsoft.ML.OnnxRuntime.OrtEnv]::Instance(); "loaded" } catch { "failed: " + $_.Exception.GetBaseException().GetType().Name }'
        # $PSHOME holds the pwsh executable also when pwsh is a dotnet tool (whose process is `dotnet`).
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $out = & $pwsh -NoProfile -NonInteractive -Command $script
        $out | Should -Be 'failed: DllNotFoundException'
    }

    It 'carries the <Rid> library for its architecture' -ForEach @(
        @{ Rid = 'linux-x64' }, @{ Rid = 'linux-arm64' }, @{ Rid = 'win-x64' }, @{ Rid = 'win-arm64' }, @{ Rid = 'osx-arm64' }) {
        $n = $script:Natives | Where-Object { $_.Rid -eq $Rid }
        $path = Join-Path $script:ModuleDir "runtimes/$Rid/native/$($n.File)"
        Test-Path $path | Should -BeTrue
        $fs = [IO.File]::OpenRead($path)
        try {
            $head = [byte[]]::new(4096)
            [void]$fs.Read($head, 0, $head.Length)
        } finally { $fs.Dispose() }
        switch ($n.Format) {
            'ELF' {
                [Text.Encoding]::ASCII.GetString($head, 1, 3) | Should -Be 'ELF'
                [BitConverter]::ToUInt16($head, 18) | Should -Be $n.Machine
            }
            'PE' {
                [Text.Encoding]::ASCII.GetString($head, 0, 2) | Should -Be 'MZ'
                $pe = [BitConverter]::ToInt32($head, 0x3C)
                [Text.Encoding]::ASCII.GetString($head, $pe, 2) | Should -Be 'PE'
                [BitConverter]::ToUInt16($head, $pe + 4) | Should -Be $n.Machine
            }
            'MachO' {
                '{0:X8}' -f [BitConverter]::ToUInt32($head, 0) | Should -Be 'FEEDFACF'   # MH_MAGIC_64
                [BitConverter]::ToInt32($head, 4) | Should -Be $n.Machine
            }
        }
    }
}
