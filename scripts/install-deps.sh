#!/bin/sh
# Installs what building (and, with --npm, testing) needs, and nothing that is
# already there. Debian packages via apt-get (run as root); npm packages into
# tests/js/node_modules from the committed package-lock.json; Python packages
# into the virtual environment tests/py/.venv from tests/py/requirements.txt;
# with --bench, the benchmark's peers into bench/.venv from
# bench/requirements.txt (and the Python package from ./python).
set -eu
cd "$(dirname "$0")/.."

debs="gcc make libc6-dev libzstd-dev libsnappy-dev xz-utils"
if [ "${1:-}" = "--npm" ]; then
  debs="$debs time cppcheck clang-tidy bsdutils pkgconf binutils clang-14 libclang-rt-14-dev"
  command -v node >/dev/null 2>&1 || debs="$debs nodejs"
  command -v npm >/dev/null 2>&1 || debs="$debs npm"
  command -v python3 >/dev/null 2>&1 || debs="$debs python3"
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || debs="$debs python3-venv"
fi

missing=""
for p in $debs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  if [ "$(id -u)" != 0 ]; then
    echo "error: need root to install:$missing (or install them yourself)" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
fi

if [ "${1:-}" = "--npm" ]; then
  stamp=tests/js/node_modules/.installed-lock
  if [ ! -f "$stamp" ] || ! cmp -s tests/js/package-lock.json "$stamp"; then
    echo "installing npm test readers (tests/js)"
    # npm ci refuses lancedb's lock entries (optional platform packages listed
    # without versions); npm install --no-save installs the locked versions.
    (cd tests/js && npm install --no-save --no-audit --no-fund --loglevel=error)
    cp tests/js/package-lock.json "$stamp"
  fi
fi

if [ "${1:-}" = "--npm" ]; then
  venv=tests/py/.venv
  stamp=$venv/.installed-requirements
  if [ ! -f "$stamp" ] || ! cmp -s tests/py/requirements.txt "$stamp"; then
    echo "installing Python test readers (tests/py/.venv)"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/py/requirements.txt
    cp tests/py/requirements.txt "$stamp"
  fi
fi

if [ "${1:-}" = "--bench" ]; then
  venv=bench/.venv
  stamp=$venv/.installed-requirements
  if [ ! -f "$stamp" ] || ! cmp -s bench/requirements.txt "$stamp"; then
    echo "installing the benchmark's peers (bench/.venv)"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r bench/requirements.txt
    cp bench/requirements.txt "$stamp"
  fi
  scripts/install-python-package.sh "$venv"
fi
