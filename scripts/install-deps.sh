#!/bin/sh
# Installs what building (and, with --npm, testing) needs, and nothing that is
# already there. Debian packages via apt-get (run as root); npm packages into
# tests/js/node_modules from the committed package-lock.json; Python packages
# into the virtual environment tests/py/.venv from tests/py/requirements.txt;
# with --bench, the benchmark's peers into bench/.venv from
# bench/requirements.txt (and the Python package from ./python). --npm also
# installs Slurm and munge (Debian's slurm-wlm, munge) for the one-node
# cluster of tests/sh/85_slurm_cluster.sh, which make test runs when they are
# there; --cluster installs only those (make test-cluster).
set -eu
cd "$(dirname "$0")/.."

debs="gcc make libc6-dev libzstd-dev liblz4-dev libsnappy-dev zlib1g-dev xz-utils"
if [ "${1:-}" = "--npm" ]; then
  debs="$debs time cppcheck clang-tidy clang-format bsdutils pkgconf binutils clang-14 libclang-rt-14-dev"
  command -v java >/dev/null 2>&1 || debs="$debs openjdk-17-jre-headless"
  command -v mvn >/dev/null 2>&1 || debs="$debs maven"
  command -v node >/dev/null 2>&1 || debs="$debs nodejs"
  command -v npm >/dev/null 2>&1 || debs="$debs npm"
  command -v python3 >/dev/null 2>&1 || debs="$debs python3"
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || debs="$debs python3-venv"
  debs="$debs slurm-wlm munge"
fi
if [ "${1:-}" = "--cluster" ]; then
  debs="$debs slurm-wlm munge"
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

# ---- Paimon readers (tests only) ---------------------------------------------
# pypaimon in its own venv (it needs pyarrow < 20; requirements.txt pins 26),
# and Java Paimon: the pinned jars of tests/java/pom.xml copied into
# tests/java/lib/ and tests/java/PaimonRead.java compiled into
# tests/java/classes/, each only when missing or changed.
if [ "${1:-}" = "--npm" ]; then
  venv=tests/py/.venv-paimon
  stamp=$venv/.installed-requirements
  if [ ! -f "$stamp" ] || ! cmp -s tests/py/requirements-paimon.txt "$stamp"; then
    echo "installing pypaimon (tests/py/.venv-paimon)"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/py/requirements-paimon.txt
    cp tests/py/requirements-paimon.txt "$stamp"
  fi
  if command -v mvn >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
    stamp=tests/java/lib/.installed-pom
    if [ ! -f "$stamp" ] || ! cmp -s tests/java/pom.xml "$stamp"; then
      echo "installing the Java Paimon reader's jars (tests/java/lib)"
      rm -rf tests/java/lib tests/java/classes
      mvn -q -f tests/java/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/tests/java/lib"
      cp tests/java/pom.xml "$stamp"
    fi
    if [ ! -f tests/java/classes/PaimonRead.class ] || [ tests/java/PaimonRead.java -nt tests/java/classes/PaimonRead.class ]; then
      mkdir -p tests/java/classes
      javac -nowarn -d tests/java/classes -cp 'tests/java/lib/*' tests/java/PaimonRead.java
    fi
  else
    echo "warning: JDK 17 and Maven are needed for the Java Paimon reader of the tests" >&2
  fi
fi

# ---- Java ORC reader (tests only) -------------------------------------------
# Apache ORC's Java implementation, orc-tools (an executable uber jar with
# meta / data / scan), pinned, fetched from Maven Central only when missing
# into tests/java/orc-lib/ (gitignored). The ORC tests read every file with it.
if [ "${1:-}" = "--npm" ]; then
  orc_tools_version=1.9.5
  jar=tests/java/orc-lib/orc-tools-$orc_tools_version-uber.jar
  if [ ! -f "$jar" ]; then
    echo "installing the Java ORC reader (orc-tools $orc_tools_version, tests/java/orc-lib)"
    mkdir -p tests/java/orc-lib
    mvn -q -B dependency:copy -Dartifact=org.apache.orc:orc-tools:$orc_tools_version:jar:uber \
      -DoutputDirectory=tests/java/orc-lib
  fi
fi
