#!/bin/bash
# Bad input: a one-line error naming the problem, a non-zero exit, and no
# file (final or temporary) left behind.
. "$(dirname "$0")/lib.sh"
d=$TPCH_TMP/errors
rm -rf "$d"
mkdir -p "$d"

# expect_error EXIT PATTERN args...: exits with EXIT, prints one stderr line
# matching PATTERN, and writes nothing to stdout.
expect_error() {
  local want=$1 pat=$2
  shift 2
  local out err rc
  out=$("$TPCHGEN" "$@" 2>"$d/stderr")
  rc=$?
  err=$(cat "$d/stderr")
  if [ $rc != "$want" ]; then bad "tpchgen $* exited $rc, want $want ($err)"; return; fi
  if [ "$(wc -l < "$d/stderr")" != 1 ]; then bad "tpchgen $*: stderr is not one line: $err"; return; fi
  if ! grep -q "^tpchgen: error: .*$pat" "$d/stderr"; then bad "tpchgen $*: '$err' does not match '$pat'"; return; fi
  if [ -n "$out" ]; then bad "tpchgen $*: wrote to stdout"; return; fi
  ok
}

expect_error 2 "greater than 0" -s 0 -o "$d/x"
expect_error 2 "must be positive" -s -1 -o "$d/x"
expect_error 2 "must be positive" -s -0.5 -o "$d/x"
expect_error 2 "needs a directory name" -o ""
expect_error 2 "row-group-bytes" --row-group-bytes 2T -o "$d/x"
expect_error 2 "row-group-bytes" --row-group-bytes 1X -o "$d/x"
expect_error 2 "not a number" -s abc -o "$d/x"
expect_error 2 "not a number" -s "" -o "$d/x"
expect_error 2 "larger than" -s 1000000 -o "$d/x"
expect_error 2 "unknown table 'foo'" -T foo -o "$d/x"
expect_error 2 "unknown table 'items'" --table items -o "$d/x"
expect_error 2 "unknown format 'xml'" -f xml -o "$d/x"
expect_error 2 "outside 1..3" --parts 3 --part 4 -o "$d/x"
expect_error 2 "outside 1..3" --parts 3 --part 0 -o "$d/x"
expect_error 2 "go together" --parts 3 -o "$d/x"
expect_error 2 "one table" --stdout
expect_error 2 "one table" --stdout -T nation,region
expect_error 2 "tbl or csv" --stdout -T nation -f parquet
expect_error 2 "threads" -j 0
expect_error 2 "unknown option" --frobnicate
expect_error 2 "needs a value" -s
expect_error 2 "unexpected argument" 1
expect_error 2 "append works with -f lance, iceberg and paimon" --mode append -f parquet -o "$d/x"
expect_error 2 "cannot be combined with --parts" --mode append -f lance --parts 2 --part 1 -o "$d/x"
expect_error 2 "takes create, append or overwrite" --mode merge -o "$d/x"
# refresh sets have no ORC or Paimon output (it crashed before)
expect_error 2 "not orc or paimon" refresh -s 0.01 -f orc -o "$d/x"
expect_error 2 "not orc or paimon" refresh -s 0.01 -f tbl,paimon -o "$d/x"
check "nothing was created for argument errors" [ ! -e "$d/x" ]

# Output directories that cannot be created or written.
expect_error 1 "cannot create directory" -s 0.01 -T nation -o /etc/passwd/sub
touch "$d/afile"
expect_error 1 "not a directory\|cannot create" -s 0.01 -T nation -o "$d/afile"
mkdir -p "$d/ro"
chmod 555 "$d/ro"
if [ "$(id -u)" = 0 ]; then
  # root ignores directory permissions: run as nobody
  if command -v setpriv >/dev/null; then
    chmod o+x "$TPCH_TMP"
    chmod 777 "$d"
    out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$TPCHGEN" -s 0.01 -T nation -o "$d/ro" 2>&1)
    rc=$?
    check "unwritable dir: exit 1 ($rc)" [ $rc = 1 ]
    check "unwritable dir: message ($out)" grep -q "not writable" <<<"$out"
  else
    bad "setpriv missing: cannot test an unwritable directory as root"
  fi
else
  expect_error 1 "not writable" -s 0.01 -T nation -o "$d/ro"
fi
check "nothing written into the read-only dir" [ -z "$(ls -A "$d/ro")" ]

# An existing output is never clobbered without --overwrite, and the run
# stops before writing any other table.
o=$d/out
mkdir -p "$o"
echo "precious" > "$o/lineitem.tbl"
expect_error 1 "lineitem.tbl' already exists" -s 0.01 -o "$o"
check "existing file untouched" [ "$(cat "$o/lineitem.tbl")" = precious ]
check "no other table written, no temp files" [ "$(ls -A "$o")" = lineitem.tbl ]
"$TPCHGEN" -s 0.01 -o "$o" -q --overwrite
check "--overwrite replaces it" [ "$(measure "$o/lineitem.tbl")" = "$(golden 0.01 lineitem)" ]

# A write that fails (file size limit ~ disk full): error, no final file, no temp.
f=$d/full
mkdir -p "$f"
(
  trap '' XFSZ
  ulimit -f 2048
  exec "$TPCHGEN" -s 0.1 -T lineitem,nation -o "$f" 2>"$d/full.err" >/dev/null
)
rc=$?
check "disk full: exit 1 (got $rc)" [ $rc = 1 ]
check "disk full: message names the file and cause ($(cat "$d/full.err"))" grep -q "lineitem.tbl.*File too large" "$d/full.err"
check "disk full: one line" [ "$(wc -l < "$d/full.err")" = 1 ]
check "disk full: no lineitem.tbl and no temp file" [ -z "$(ls -A "$f" | grep -v '^nation.tbl$')" ]

# SIGINT mid-run: exit 130, nothing half-written under a final name.
s=$d/sig
mkdir -p "$s"
"$TPCHGEN" -s 10 -T lineitem -o "$s" -q &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
check "SIGINT: exit 130 (got $rc)" [ $rc = 130 ]
check "SIGINT: no lineitem.tbl and no temp file" [ -z "$(ls -A "$s")" ]

# Cosmetics of issue 17: the T suffix the help promises; -v prints a line
# per table; a newline in a path stays one (escaped) error line; a FIFO at
# the text pool cache path does not hang the run.
"$TPCHGEN" -q -s 0.01 -T region -f parquet --row-group-bytes 1T -o "$d/tsuffix"
check "--row-group-bytes 1T is accepted" [ $? = 0 ]
"$TPCHGEN" -s 0.01 -T region,nation -v -o "$d/verbose" >/dev/null 2>"$d/verbose.err"
check "-v: a line per table ($(tr '\n' '|' <"$d/verbose.err"))" \
  [ "$(grep -c '^tpchgen: \(region\|nation\) tbl done: [0-9]* rows' "$d/verbose.err")" = 2 ]
expect_error 1 'cannot create directory .*afile/x\\ny' -s 0.01 -T nation -o "$d/afile/x"$'\n'y
mkdir -p "$d/fifo-cache"
mkfifo "$d/fifo-cache/text-pool-v1.bin"
TPCHGEN_CACHE_DIR=$d/fifo-cache timeout 120 "$TPCHGEN" -q -s 0.01 -T region -o "$d/fifo"
check "a FIFO at the pool cache path: no hang, exit 0 (got $?)" [ $? = 0 ]

# --help and --version succeed.
check "--help" bash -c "'$TPCHGEN' --help | grep -q '^Usage: tpchgen'"
check "--version" bash -c "'$TPCHGEN' -V | grep -q '^tpchgen [0-9]'"
chmod -R u+w "$d"
rm -rf "$d"
finish
