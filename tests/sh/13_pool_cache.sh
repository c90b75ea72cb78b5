#!/bin/bash
# The text pool cache: written on the first run, used after, verified before
# use (a damaged or truncated cache is rebuilt, never trusted), and not
# touched with --no-cache. Output is dbgen's in every case.
. "$(dirname "$0")/lib.sh"
c=$TPCH_TMP/poolcache
rm -rf "$c"
mkdir -p "$c"
export TPCHGEN_CACHE_DIR=$c/cache
run() { rm -rf "$c/out"; "$TPCHGEN" -s 0.01 -T supplier,nation -o "$c/out" -q "$@" 2>"$c/err"; }
same() { [ "$(measure "$c/out/supplier.tbl")" = "$(golden 0.01 supplier)" ]; }
f=$TPCHGEN_CACHE_DIR/text-pool-v2.bin

run
check "first run writes the cache" [ -s "$f" ]
check "first run output is dbgen's" same
run
check "second run (from the cache) is dbgen's" same
size=$(stat -c %s "$f")

printf '\x55' | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc status=none
run -v
check "a damaged cache is reported with -v ($(cat "$c/err"))" grep -q "rebuilding the text pool: .*checksum" "$c/err"
check "and the output is still dbgen's" same
run -v
check "the cache was rewritten" [ -z "$(grep -v ' done: ' "$c/err")" ]

truncate -s $((size - 1000)) "$f"
run -v
check "a truncated cache is rebuilt ($(cat "$c/err"))" grep -q "rebuilding the text pool: .*truncated" "$c/err"
check "and the output is dbgen's" same

echo "not a pool" > "$f"
run
check "a foreign file is not trusted" same

rm -rf "$TPCHGEN_CACHE_DIR"
run --no-cache
check "--no-cache writes no cache" [ ! -e "$TPCHGEN_CACHE_DIR" ]
check "--no-cache output is dbgen's" same

export TPCHGEN_CACHE_DIR=/proc/tpchgen-no-such-dir
run
check "an unusable cache directory only costs the build" same
check "silently without -v" [ ! -s "$c/err" ]
rm -rf "$c"
finish
