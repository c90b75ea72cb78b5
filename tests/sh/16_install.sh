#!/bin/bash
# `make install` as a user would use it: a program written only against the
# installed headers, built with pkg-config against the shared and against
# the static library, generates lineitem at SF 0.01 as an Arrow stream and
# writes it with each writer; its data bytes must equal the CLI's. The
# shared library exports exactly the functions the installed headers declare.
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
T=$TPCH_TMP/install
rm -rf "$T"
mkdir -p "$T"
P=$T/prefix
export TPCHGEN_CACHE_DIR=${TPCHGEN_CACHE_DIR:-$T/cache}

check "make install PREFIX=..." make -s B="$TPCH_BUILD" PREFIX="$P" install >"$T/make.log" 2>&1 || sed 's/^/  | /' "$T/make.log"
for f in lib/libtpchgen.a lib/libtpchgen.so lib/libtpchgen.so.0 include/tpchgen/tpchgen.h lib/pkgconfig/tpchgen.pc bin/tpchgen; do
  check "installed $f" test -e "$P/$f"
done
check "soname is libtpchgen.so.0" sh -c "objdump -p '$P/lib/libtpchgen.so' | grep -q 'SONAME *libtpchgen.so.0'"

# Only public names: every exported function is declared in an installed header.
exported=$(nm -D --defined-only "$P/lib/libtpchgen.so" | awk '$2 == "T" { print $3 }' | sort -u)
declared=$(cat "$P"/include/tpchgen/*.h | grep -oE '\b[a-z_][a-z0-9_]*\(' | tr -d '(' | sort -u)
extra=$(comm -23 <(echo "$exported") <(echo "$declared"))
check "nm -D lists only public names${extra:+, not: $extra}" [ -z "$extra" ]
check "nm -D exports the writers and the stream" sh -c "echo '$exported' | grep -qx tpch_gen_stream &&
  echo '$exported' | grep -qx tpch_parquet_writer_write_stream && echo '$exported' | grep -qx lance_writer_write_batch &&
  echo '$exported' | grep -qx tpch_version"
check "no data symbols exported" sh -c "! nm -D --defined-only '$P/lib/libtpchgen.so' | awk '\$2 ~ /[BDR]/' | grep -q ."

export PKG_CONFIG_PATH=$P/lib/pkgconfig
CC=${CC:-cc}
# shellcheck disable=SC2046
check "build against the shared library with pkg-config" $CC -std=c11 -Wall -Wextra -Werror -o "$T/prog_shared" \
  tests/install/stream_writers.c $(pkg-config --cflags --libs tpchgen)
# shellcheck disable=SC2046
check "build against the static library with pkg-config --static" $CC -std=c11 -Wall -Wextra -Werror \
  -o "$T/prog_static" tests/install/stream_writers.c \
  $(pkg-config --static --cflags --libs tpchgen | sed 's/-ltpchgen/-l:libtpchgen.a/')
check "the shared build loads libtpchgen.so.0" sh -c "LD_LIBRARY_PATH='$P/lib' ldd '$T/prog_shared' | grep -q 'libtpchgen.so.0 => $P/lib'"
check "the static build does not" sh -c "! ldd '$T/prog_static' | grep -q libtpchgen"

mkdir -p "$T/shared" "$T/static" "$T/cli"
check "shared program runs" env LD_LIBRARY_PATH="$P/lib" "$T/prog_shared" "$T/shared"
check "static program runs" "$T/prog_static" "$T/static"
check "CLI runs" "$TPCHGEN" -q -s 0.01 -T lineitem -f parquet,orc,lance,iceberg -o "$T/cli"
mkdir -p "$T/cli/paimon"
check "CLI runs (Paimon)" "$TPCHGEN" -q -s 0.01 -T lineitem -f paimon -o "$T/cli/paimon"

# data bytes: Parquet and ORC whole; Lance, Iceberg and Paimon data files
# (their names and the metadata carry UUIDs and timestamps)
data_md5() { cat "$@" | md5sum | cut -c1-32; }
for v in shared static; do
  check "$v: Parquet file equals the CLI's" cmp -s "$T/$v/lineitem.parquet" "$T/cli/lineitem.parquet"
  check "$v: ORC file equals the CLI's" cmp -s "$T/$v/lineitem.orc" "$T/cli/lineitem.orc"
  check "$v: Paimon data file equals the CLI's" [ "$(data_md5 "$T/$v"/paimon-lineitem/bucket-0/*.parquet)" = \
    "$(data_md5 "$T"/cli/paimon/lineitem/bucket-0/*.parquet)" ]
  check "$v: Lance data file equals the CLI's" [ "$(data_md5 "$T/$v"/lineitem.lance/data/*.lance)" = \
    "$(data_md5 "$T"/cli/lineitem.lance/data/*.lance)" ]
  check "$v: Iceberg data file equals the CLI's" [ "$(data_md5 "$T/$v"/lineitem/data/*.parquet)" = \
    "$(data_md5 "$T"/cli/lineitem/data/*.parquet)" ]
  check "$v: one Lance version, one Iceberg snapshot" test -e "$T/$v/lineitem.lance/_versions" -a \
    -e "$T/$v/lineitem/metadata/v1.metadata.json"
  check "$v: one Paimon snapshot" test -e "$T/$v/paimon-lineitem/snapshot/snapshot-1" -a \
    ! -e "$T/$v/paimon-lineitem/snapshot/snapshot-2"
done
finish
