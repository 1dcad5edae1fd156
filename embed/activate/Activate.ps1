# Activates a virtual environment made by verse, for PowerShell (Windows PowerShell 5.1 and pwsh).
# Use it with `& '@@VENV_DIR_TEXT@@/@@BIN_NAME@@/Activate.ps1'`; `deactivate` undoes it.

function global:deactivate([switch] $NonDestructive) {
    if (Test-Path variable:global:_VERSE_SAVED_PATH) {
        $env:PATH = $global:_VERSE_SAVED_PATH
        Remove-Variable -Name _VERSE_SAVED_PATH -Scope Global
    }
    if (Test-Path variable:global:_VERSE_SAVED_PYTHONHOME) {
        $env:PYTHONHOME = $global:_VERSE_SAVED_PYTHONHOME
        Remove-Variable -Name _VERSE_SAVED_PYTHONHOME -Scope Global
    }
    if (Test-Path function:global:_verse_saved_prompt) {
        Set-Item -Path function:global:prompt -Value ${function:global:_verse_saved_prompt}
        Remove-Item -Path function:global:_verse_saved_prompt
    }
    if (Test-Path env:VIRTUAL_ENV) { Remove-Item -Path env:VIRTUAL_ENV }
    if (Test-Path env:VIRTUAL_ENV_PROMPT) { Remove-Item -Path env:VIRTUAL_ENV_PROMPT }
    if (-not $NonDestructive) { Remove-Item -Path function:global:deactivate }
}

deactivate -NonDestructive

$env:VIRTUAL_ENV = @@VENV_DIR@@
$env:VIRTUAL_ENV_PROMPT = @@PROMPT@@
$global:_VERSE_SAVED_PATH = $env:PATH
$env:PATH = (Join-Path $env:VIRTUAL_ENV @@BIN_NAME@@) + [System.IO.Path]::PathSeparator + $env:PATH

if (Test-Path env:PYTHONHOME) {
    $global:_VERSE_SAVED_PYTHONHOME = $env:PYTHONHOME
    Remove-Item -Path env:PYTHONHOME
}

if (-not $env:VIRTUAL_ENV_DISABLE_PROMPT) {
    Set-Item -Path function:global:_verse_saved_prompt -Value ${function:prompt}
    function global:prompt {
        Write-Host -NoNewline "($env:VIRTUAL_ENV_PROMPT) "
        & ${function:global:_verse_saved_prompt}
    }
}
