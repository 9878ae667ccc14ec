#!/usr/bin/env bash
# Prepare a fresh Debian machine for gdviz: Qt's system libraries, a virtualenv
# in .venv, and gdviz installed into it (editable). `bash .ci/setup.sh test`
# also installs the test tools. Safe to run again: it only adds what is missing.
# Afterwards run `.venv/bin/gdviz` (or `source .venv/bin/activate`, then `gdviz`).
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "test" ] && extra="[test]"

# Qt (offscreen or on a screen) needs these shared libraries.
libs="fonts-dejavu-core libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
# No screen (and no offscreen platform chosen, as CI does): a virtual one, for `xvfb-run .venv/bin/gdviz`.
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  libs="$libs xvfb xauth"
fi
python=${PYTHON:-python3}
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  libs="$libs python3-venv"
fi

LOCK_WAIT=${LOCK_WAIT:-300}
# apt-get, waiting up to LOCK_WAIT seconds while another apt or dpkg holds its lock (a fresh
# machine often runs unattended-upgrades or apt-daily at first boot). dpkg's own lock is
# waited for by apt itself (DPkg::Lock::Timeout); the package lists' lock, which
# `apt-get update` takes, is not, so a refusal that names a lock is tried again.
apt_wait() {
  local deadline=$((SECONDS + LOCK_WAIT)) said="" out
  while :; do
    if out=$($sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT" "$@" 2>&1); then
      return 0
    fi
    if [ "$SECONDS" -lt "$deadline" ] && grep -qiE 'could not get lock|unable to lock|unable to acquire' <<<"$out"; then
      [ -n "$said" ] || echo "Waiting for another apt or dpkg to finish (up to ${LOCK_WAIT}s)..."
      said=1
      sleep 3
      continue
    fi
    printf '%s\n' "$out" >&2
    return 1
  done
}

if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
  missing=""
  for lib in $libs; do
    dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "ok installed" || missing="$missing $lib"
  done
  if [ -n "$missing" ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system libraries:$missing"
    apt_wait update -qq
    # shellcheck disable=SC2086 # one word per package
    apt_wait install -y -qq --no-install-recommends $missing
  fi
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".$extra"
echo "gdviz is installed in .venv: run .venv/bin/gdviz (or source .venv/bin/activate, then gdviz)"
