@echo off
rem Activates a virtual environment made by verse, for cmd.exe.
rem Run @@VENV_DIR_TEXT@@\@@BIN_NAME@@\activate.bat; deactivate.bat undoes it.

rem Undo an earlier activation first, so that running this twice does not stack.
if defined _VERSE_SAVED_PATH set "PATH=%_VERSE_SAVED_PATH%"
if defined _VERSE_SAVED_PROMPT set "PROMPT=%_VERSE_SAVED_PROMPT%"
if defined _VERSE_SAVED_PYTHONHOME set "PYTHONHOME=%_VERSE_SAVED_PYTHONHOME%"

set "VIRTUAL_ENV=@@VENV_DIR@@"
set "VIRTUAL_ENV_PROMPT=@@PROMPT@@"

set "_VERSE_SAVED_PATH=%PATH%"
set "PATH=%VIRTUAL_ENV%\@@BIN_NAME@@;%PATH%"

set _VERSE_SAVED_PYTHONHOME=
if not defined PYTHONHOME goto prompt
set "_VERSE_SAVED_PYTHONHOME=%PYTHONHOME%"
set PYTHONHOME=

:prompt
if not defined PROMPT set "PROMPT=$P$G"
set "_VERSE_SAVED_PROMPT=%PROMPT%"
if defined VIRTUAL_ENV_DISABLE_PROMPT goto end
set "PROMPT=(%VIRTUAL_ENV_PROMPT%) %PROMPT%"

:end
