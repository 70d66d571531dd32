#Requires -Modules Pester
# Pester 5: training reports every epoch (issue 9 defect 7): Write-Progress with the epoch, its percentage and losses
# instead of one "0% Fitting" bar, and -Verbose lines with loss and validation loss.

BeforeAll {
    $script:Manifest = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    $fixtures = Join-Path $PSScriptRoot 'fixtures/autoencoder'
    $script:Clips = 0..3 | ForEach-Object { Join-Path $fixtures "valve_normal_$_.wav" }
    $script:Dir = Join-Path ([IO.Path]::GetTempPath()) ("aa-progress-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    New-Item -ItemType Directory -Path $script:Dir | Out-Null

    # Progress records are not a redirectable stream: run the cmdlet in its own PowerShell and read Streams.Progress.
    function script:Invoke-Training([string] $Command) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:Manifest'; $Command -Verbose")
            $null = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse -Because ($ps.Streams.Error | Out-String)
            [pscustomobject]@{ Progress = @($ps.Streams.Progress); Verbose = @($ps.Streams.Verbose.Message) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll { Remove-Item -LiteralPath $script:Dir -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'Per-epoch training progress' {
    It 'New-AutoencoderModel shows every epoch with loss and validation loss' {
        $clips = ($script:Clips | ForEach-Object { "'$_'" }) -join ','
        $r = Invoke-Training "New-AutoencoderModel -LiteralPath $clips -OutputPath '$script:Dir/ae.onnx' -Epochs 3 -BatchSize 32 -HiddenUnits 8 -BottleneckUnits 2"
        $epochs = $r.Progress | Where-Object StatusDescription -Match 'Epoch \d+/3'
        ($epochs.StatusDescription | ForEach-Object { [regex]::Match($_, 'Epoch (\d+)/3').Groups[1].Value } | Select-Object -Unique) | Should -Be @('1', '2', '3')
        $epochs[-1].PercentComplete | Should -Be 100
        $epochs[0].PercentComplete | Should -Be 33
        $epochs[0].StatusDescription | Should -Match 'loss [0-9.eE+-]+, validation loss [0-9.eE+-]+'
        @($r.Verbose | Where-Object { $_ -match '^Epoch \d+/3: loss .+, validation loss ' }).Count | Should -Be 3
        ($r.Verbose -join "`n") | Should -Match 'threshold .+\(Gamma'
    }

    It 'New-ConvAutoencoderModel shows every epoch with its loss' {
        $clips = ($script:Clips | ForEach-Object { "'$_'" }) -join ','
        $r = Invoke-Training "New-ConvAutoencoderModel -LiteralPath $clips -OutputPath '$script:Dir/conv.onnx' -Epochs 2 -HiddenChannels 4 -BottleneckChannels 2"
        @($r.Progress | Where-Object StatusDescription -Match 'Epoch [12]/2: loss ').Count | Should -Be 2
        @($r.Verbose | Where-Object { $_ -match '^Epoch \d/2: loss ' }).Count | Should -Be 2
    }

    It 'New-KMeansModel shows its Lloyd iterations with the inertia' {
        $clips = ($script:Clips | ForEach-Object { "'$_'" }) -join ','
        $r = Invoke-Training "New-KMeansModel -LiteralPath $clips -OutputPath '$script:Dir/km.onnx' -ClusterCount 2 -FeatureSet LogMelStats"
        @($r.Progress | Where-Object StatusDescription -Match 'Iteration 1/\d+: loss ').Count | Should -Be 1
        ($r.Verbose -join "`n") | Should -Match '(?m)^Iteration \d+/\d+: loss '
    }

    It 'New-GmmModel shows its EM iterations per component count' {
        $clips = ($script:Clips | ForEach-Object { "'$_'" }) -join ','
        $r = Invoke-Training "New-GmmModel -LiteralPath $clips -OutputPath '$script:Dir/gmm.onnx' -MaxComponents 2"
        @($r.Progress | Where-Object StatusDescription -Match '1 component\(s\), EM iteration 1/\d+: loss ').Count | Should -Be 1
        ($r.Verbose -join "`n") | Should -Match '(?m)^2 component\(s\), EM iteration \d+/\d+: loss '
    }

    It 'New-OneClassSvmModel shows its SMO passes converging to 100%' {
        $clips = ($script:Clips | ForEach-Object { "'$_'" }) -join ','
        $r = Invoke-Training "New-OneClassSvmModel -LiteralPath $clips -OutputPath '$script:Dir/svm.onnx'"
        $passes = @($r.Progress | Where-Object StatusDescription -Match 'SMO pass \d+ \(\d+ steps\), KKT gap .+ converged % \d+/100: loss ')
        $passes.Count | Should -BeGreaterThan 0
        $passes[-1].StatusDescription | Should -Match 'converged % 100/100'
        $passes[-1].PercentComplete | Should -Be 100
        $percents = @($passes.PercentComplete)
        for ($i = 1; $i -lt $percents.Count; $i++) { $percents[$i] | Should -BeGreaterOrEqual $percents[$i - 1] }
        ($r.Verbose -join "`n") | Should -Match '(?m)^SMO pass \d+ .+converged % 100/100: loss '
    }
}
