#!/bin/sh
# Cross-compiles the launcher with Debian's mingw-w64 into embed/launchers/:
#   launcher-x64.exe  (x86_64-w64-mingw32-gcc)    launcher-x86.exe (i686-w64-mingw32-gcc)
# aarch64 Windows needs llvm-mingw, which Debian does not package: that build is skipped (x64
# binaries run under emulation on Windows on Arm).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../embed/launchers"
mkdir -p "$out"
flags="-municode -Os -s -Wall -Wextra -Werror -static -fno-ident -Wl,--build-id=none -Wl,--no-insert-timestamp"
# shellcheck disable=SC2086 # $flags is a list on purpose
x86_64-w64-mingw32-gcc $flags -o "$out/launcher-x64.exe" "$here/launcher.c"
# shellcheck disable=SC2086
i686-w64-mingw32-gcc $flags -o "$out/launcher-x86.exe" "$here/launcher.c"
ls -l "$out"
