#!/usr/bin/env bash
# Prepare a fresh Debian machine for gdviz: Qt's system libraries, a virtualenv
# in .venv, and gdviz installed into it (editable). `bash .ci/setup.sh test`
# also installs the test tools. Safe to run again: it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "test" ] && extra="[test]"

# Qt (offscreen or on a screen) needs these shared libraries.
libs="fonts-dejavu-core libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
python=${PYTHON:-python3}
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  libs="$libs python3-venv"
fi
if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
  missing=""
  for lib in $libs; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || missing="$missing $lib"
  done
  if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system libraries:$missing"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".$extra"
