# Activates a virtual environment made by verse, for nushell.
# Use it with `overlay use @@VENV_DIR_TEXT@@/@@BIN_NAME@@/activate.nu`; `deactivate` undoes it.

export-env {
    let venv = @@VENV_DIR@@
    let bin = ($venv | path join @@BIN_NAME@@)
    # Windows spells the variable "Path"; keep whichever this shell has.
    let path_var = if ('Path' in ($env | columns)) { 'Path' } else { 'PATH' }
    let current = ($env | get $path_var)
    let entries = if (($current | describe) == 'string') { $current | split row (char esep) } else { $current }
    let label = @@PROMPT@@
    load-env {
        VIRTUAL_ENV: $venv
        VIRTUAL_ENV_PROMPT: $label
        $path_var: ($entries | prepend $bin)
    }
    if (($env.VIRTUAL_ENV_DISABLE_PROMPT? | default '') == '') {
        let before = ($env.PROMPT_COMMAND? | default '')
        $env.PROMPT_COMMAND = {||
            let shown = if (($before | describe) =~ '^closure') { do $before } else { $before }
            $"\(($label)\) ($shown)"
        }
    }
}

export alias deactivate = overlay hide activate
