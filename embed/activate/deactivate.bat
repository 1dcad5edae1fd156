@echo off
rem Leaves a virtual environment activated with activate.bat (verse).

if defined _VERSE_SAVED_PATH set "PATH=%_VERSE_SAVED_PATH%"
if defined _VERSE_SAVED_PROMPT set "PROMPT=%_VERSE_SAVED_PROMPT%"
if defined _VERSE_SAVED_PYTHONHOME set "PYTHONHOME=%_VERSE_SAVED_PYTHONHOME%"
set _VERSE_SAVED_PATH=
set _VERSE_SAVED_PROMPT=
set _VERSE_SAVED_PYTHONHOME=
set VIRTUAL_ENV=
set VIRTUAL_ENV_PROMPT=
