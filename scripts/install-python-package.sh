#!/bin/sh
# Installs the Python package (python/) into the virtual environment VENV
# with pip, from this checkout, unless it is already installed from exactly
# these sources at this commit (the commit is in Parquet's created_by).
# Usage: scripts/install-python-package.sh VENV   (VENV must have setuptools)
set -eu
cd "$(dirname "$0")/.."
venv=$1
stamp=$venv/.installed-tpchgen-c
want=$( (git rev-parse --short=10 HEAD 2>/dev/null || echo unknown
  find python/ext python/src python/setup.py python/pyproject.toml src include Makefile -type f \
    -not -path '*/__pycache__/*' | LC_ALL=C sort | xargs md5sum) | md5sum | cut -c1-32)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "installing the tpchgen-c Python package into $venv"
TPCHGEN_C_BUILD_JOBS=${TPCHGEN_C_BUILD_JOBS:-2} "$venv/bin/python" -m pip install -q --disable-pip-version-check \
  --no-build-isolation --no-deps --force-reinstall ./python
echo "$want" >"$stamp"
