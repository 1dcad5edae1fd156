# Activates a virtual environment made by verse, for fish.
# Use it with `source @@VENV_DIR_TEXT@@/@@BIN_NAME@@/activate.fish`; `deactivate` undoes it.

function deactivate --description "Leave the virtual environment"
    if set -q _verse_saved_path
        set -gx PATH $_verse_saved_path
        set -e _verse_saved_path
    end
    if set -q _verse_saved_pythonhome
        set -gx PYTHONHOME $_verse_saved_pythonhome
        set -e _verse_saved_pythonhome
    end
    if functions -q _verse_saved_fish_prompt
        functions -e fish_prompt
        functions -c _verse_saved_fish_prompt fish_prompt
        functions -e _verse_saved_fish_prompt
    end
    set -e VIRTUAL_ENV
    set -e VIRTUAL_ENV_PROMPT
    if test "$argv[1]" != "nondestructive"
        functions -e deactivate
        functions -e _verse_status
    end
end

deactivate nondestructive

set -gx VIRTUAL_ENV @@VENV_DIR@@
set -gx VIRTUAL_ENV_PROMPT @@PROMPT@@
set -gx _verse_saved_path $PATH
set -gx PATH "$VIRTUAL_ENV/@@BIN_NAME@@" $PATH

if set -q PYTHONHOME
    set -gx _verse_saved_pythonhome $PYTHONHOME
    set -e PYTHONHOME
end

# Hands the last command's status back to the saved prompt, which may display it.
function _verse_status
    return $argv[1]
end

if test -z "$VIRTUAL_ENV_DISABLE_PROMPT"
    functions -c fish_prompt _verse_saved_fish_prompt
    function fish_prompt
        set -l last $status
        printf "(%s) " "$VIRTUAL_ENV_PROMPT"
        _verse_status $last
        _verse_saved_fish_prompt
    end
end
