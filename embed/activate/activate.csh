# Activates a virtual environment made by verse, for csh and tcsh.
# Use it with `source @@VENV_DIR_TEXT@@/@@BIN_NAME@@/activate.csh`; `deactivate` undoes it.

alias deactivate 'if ($?_verse_saved_path) setenv PATH "$_verse_saved_path:q"; unset _verse_saved_path; if ($?_verse_saved_prompt) set prompt="$_verse_saved_prompt:q"; unset _verse_saved_prompt; unsetenv VIRTUAL_ENV; unsetenv VIRTUAL_ENV_PROMPT; rehash; if ("\!:*" != "nondestructive") unalias deactivate'

deactivate nondestructive

setenv VIRTUAL_ENV @@VENV_DIR@@
setenv VIRTUAL_ENV_PROMPT @@PROMPT@@

set _verse_saved_path="$PATH:q"
setenv PATH "${VIRTUAL_ENV}/@@BIN_NAME@@:${PATH}"

if ($?prompt) then
    if (! $?VIRTUAL_ENV_DISABLE_PROMPT) then
        set _verse_saved_prompt="$prompt:q"
        set prompt="(${VIRTUAL_ENV_PROMPT}) $prompt:q"
    endif
endif

rehash
