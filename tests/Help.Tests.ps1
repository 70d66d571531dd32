#Requires -Modules Pester
# Pester 5: Get-Help -Full of every cmdlet (issue 9 defect 6): a default for every parameter, equal to what the cmdlet
# really starts with (it takes it from the core options record), real type names, INPUTS, OUTPUTS, RELATED LINKS.

BeforeAll {
    $script:ManifestPath = "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1"
    Import-Module $script:ManifestPath -Force
}

BeforeDiscovery {
    Import-Module "$PSScriptRoot/../out/AcousticAnomaly/AcousticAnomaly.psd1" -Force
    $script:Cmdlets = Get-Command -Module AcousticAnomaly -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } }
}

Describe 'Get-Help -Full of <Name>' -ForEach $script:Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
        $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $script:Parameters = @($script:Help.parameters.parameter)
    }

    It 'documents every parameter with a default value and a real type' {
        $declared = $script:Command.Parameters.Keys | Where-Object { $_ -notin $script:Common }
        ($script:Parameters.name | Sort-Object) | Should -Be ($declared | Sort-Object)
        foreach ($p in $script:Parameters) {
            "$($p.defaultValue)" | Should -Not -BeNullOrEmpty -Because "-$($p.name) needs a default value"
            $p.type.name | Should -Not -Match 'Nullable' -Because "-$($p.name) shows its real type"
            ($script:Help | Out-String -Width 200) | Should -Not -Match 'Nullable`1'
        }
    }

    It 'shows the defaults the cmdlet really starts with' {
        $instance = $script:Command.ImplementingType::new()
        foreach ($p in $script:Parameters) {
            $value = $instance.($p.name)
            # switch would iterate an array (and skip an empty one): arrays are handled first.
            $expected = if ($value -is [array]) { if ($value.Count) { $value -join ', ' } else { 'None' } } else { switch ($value) {
                { $null -eq $_ -or ($_ -is [string] -and $_ -eq '') } { 'None'; break }
                { $_ -is [bool] -or $_ -is [System.Management.Automation.SwitchParameter] } { if ($_) { '$true' } else { '$false' }; break }
                { $_ -is [timespan] } { '{0} (seconds)' -f $_.TotalSeconds.ToString('R', [cultureinfo]::InvariantCulture); break }
                { $_ -is [double] } { $_.ToString('R', [cultureinfo]::InvariantCulture); break }
                default { [string]::Format([cultureinfo]::InvariantCulture, '{0}', $_) }
            } }
            "$($p.defaultValue)" | Should -Be $expected -Because "-$($p.name)'s help default is what $Name starts with"
        }
    }

    It 'has INPUTS, OUTPUTS and RELATED LINKS' {
        @($script:Help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        @($script:Help.returnValues.returnValue).Count | Should -BeGreaterThan 0
        $script:Help.relatedLinks.navigationLink.linkText | Should -Contain 'about_AcousticAnomaly'
        $text = $script:Help | Out-String -Width 200
        $text | Should -Match 'INPUTS'
        $text | Should -Match 'OUTPUTS'
        $text | Should -Match 'RELATED LINKS'
    }
}

Describe 'Defaults in help come from the options records' {
    It 'New-KMeansModel -ClusterCount shows the k-means options default' {
        $help = Get-Help New-KMeansModel -Parameter ClusterCount
        $help.defaultValue | Should -Be ([AcousticAnomaly.PowerShell.NewKMeansModelCommand]::new().ClusterCount)
        $help.defaultValue | Should -Not -Be 'None'
    }

    It 'the manifest carries release notes' {
        (Import-PowerShellDataFile $script:ManifestPath).PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}
