"""Builds tpchgen_c._native from the repository's C sources.

Inside a clone (python/ beside src/ and include/) the C sources are copied
into python/csrc/ first, so an sdist made here carries them and builds
anywhere; outside a clone (from an sdist) csrc/ is used as it is. Only the
libzstd, liblz4, libsnappy and zlib headers and libraries are needed besides a C compiler.
"""

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CSRC = os.path.join(HERE, "csrc")
# Library directories the package compiles (the CLI's engine and outputs too,
# for write() and the tpchgen console script).
LIB_DIRS = ["common", "arrow", "io", "gen", "tpcds", "format", "cli"]


def in_clone():
    return all(os.path.isdir(os.path.join(ROOT, d)) for d in ("src", "include")) and os.path.isfile(
        os.path.join(ROOT, "Makefile")
    )


def sync_sources():
    """Copies include/ and src/ (and the Makefile's version) into csrc/."""
    tmp = CSRC + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "include"), os.path.join(tmp, "include"))
    for d in LIB_DIRS:
        src = os.path.join(ROOT, "src", d)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(tmp, "src", d))
    with open(os.path.join(ROOT, "Makefile")) as f:
        version = re.search(r"^VERSION\s*:=\s*(\S+)", f.read(), re.M).group(1)
    try:
        githash = subprocess.run(
            ["git", "-C", ROOT, "rev-parse", "--short=10", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        githash = "unknown"
    with open(os.path.join(tmp, "VERSION"), "w") as f:
        f.write(f"{version} {githash}\n")
    shutil.rmtree(CSRC, ignore_errors=True)
    os.rename(tmp, CSRC)


if in_clone():
    sync_sources()
if not os.path.isdir(CSRC):
    raise SystemExit("tpchgen-c: no C sources (run from a tpchgen-c clone or an sdist)")

with open(os.path.join(CSRC, "VERSION")) as f:
    VERSION, GIT_HASH = f.read().split()


def c_files(d):
    out = []
    for dirpath, _, names in os.walk(os.path.join(CSRC, "src", d)):
        out += [os.path.join(dirpath, n) for n in names if n.endswith(".c")]
    return out


sources = []
for d in LIB_DIRS:
    # The CLI's main.c and options.c are compiled through ext/cli_embed.c.
    sources += [f for f in c_files(d) if os.path.basename(f) not in ("main.c", "options.c")]
sources = sorted(os.path.relpath(f, HERE) for f in sources)
sources += ["ext/native.c", "ext/cli_embed.c"]

native = Extension(
    "tpchgen_c._native",
    sources=sources,
    include_dirs=["csrc/include", "csrc/src", "ext"],
    define_macros=[
        ("_GNU_SOURCE", None),
        ("TPCH_VERSION", f'"{VERSION}"'),
        ("TPCH_BUILD_HASH", f'"{GIT_HASH}"'),
    ],
    extra_compile_args=["-std=c11", "-O2", "-pthread", "-Wall", "-Wno-unused-function"]
    + os.environ.get("TPCHGEN_C_CFLAGS", "").split(),
    extra_link_args=["-pthread"] + os.environ.get("TPCHGEN_C_LDFLAGS", "").split(),
    libraries=["zstd", "lz4", "snappy", "z", "m"],
)

class parallel_build_ext(build_ext):
    """Always compiles every C file (never reuses a build/ directory's
    objects: setuptools would skip the extension when the .so looks newer
    than its sources, but the copies in csrc/ keep the clone's timestamps and
    the commit hash is a -D flag it does not track), on every core unless
    TPCHGEN_C_BUILD_JOBS says otherwise."""

    def finalize_options(self):
        super().finalize_options()
        self.force = True
        if not self.parallel:
            self.parallel = int(os.environ.get("TPCHGEN_C_BUILD_JOBS", os.cpu_count() or 1))

    def build_extension(self, ext):
        # setuptools compiles one extension's files one after another; hand
        # them to `parallel` threads (each runs the compiler on one file).
        jobs = max(1, int(self.parallel or 1))
        compile_one_by_one = self.compiler.compile

        def compile_parallel(sources, *args, **kw):
            if jobs == 1 or len(sources) < 2:
                return compile_one_by_one(sources, *args, **kw)
            with ThreadPoolExecutor(jobs) as pool:
                parts = list(pool.map(lambda src: compile_one_by_one([src], *args, **kw), sources))
            return [obj for objs in parts for obj in objs]

        self.compiler.compile = compile_parallel
        try:
            super().build_extension(ext)
        finally:
            self.compiler.compile = compile_one_by_one


class fresh_build_py(build_py):
    """Copies the package's Python files into an emptied build/lib/tpchgen_c,
    so a file removed from src/ never rides along from an older build."""

    def run(self):
        shutil.rmtree(os.path.join(self.build_lib, "tpchgen_c"), ignore_errors=True)
        super().run()


setup(version=VERSION, ext_modules=[native], cmdclass={"build_ext": parallel_build_ext, "build_py": fresh_build_py})
