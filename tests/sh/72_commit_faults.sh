#!/bin/bash
# Commit safety under injected I/O faults (issue 17). An LD_PRELOAD library
# (tests/fault/faultfs.c) makes the Nth open/write/fsync/rename/link under a
# dataset fail, for every N a commit reaches: a Lance append, an Iceberg
# or Paimon append and an Iceberg or Paimon `tpchgen commit` of a pending
# part. The link of the manifest/metadata/snapshot is the commit point:
#   - exit 1: no new version and every file exactly as before the run;
#   - exit 3: the new version is linked and a warning says what failed after
#     it (exit 0 only when the failed step was best effort and before it);
#   - never a temp file left, and a clean append afterwards works.
# Then every version of every case is read completely by lancedb and
# pylance (Lance), icebird (Iceberg) or pypaimon (Paimon).
. "$(dirname "$0")/lib.sh"
cd "$TPCH_ROOT"
shim=$TPCH_BUILD/tests/faultfs.so
# On tmpfs when there is one: the walk makes hundreds of fsyncs, which cost
# nothing there and are real disk flushes elsewhere.
root=$(mktemp -d /dev/shm/tpchgen-faults.XXXXXX 2>/dev/null) || root=$(mktemp -d "$TPCH_TMP/faults.XXXXXX")
trap 'rm -rf "$root"' EXIT
list=$root/cases.txt
: >"$list"
warned=0
pwarned=0
gen() { "$TPCHGEN" -q -j 1 -s 0.01 -T region "$@"; }

# path:size of every file under $1: what a failed run must leave as it was
files() { (cd "$1" && find . -type f -printf '%p:%s\n' | sort); }
versions() {
  if [ "$1" = lance ]; then
    find "$2/_versions" -name '*.manifest' 2>/dev/null | wc -l
  elif [ "$1" = paimon ]; then
    find "$2/snapshot" -name 'snapshot-*' 2>/dev/null | wc -l
  else
    find "$2/metadata" -name 'v*.metadata.json' 2>/dev/null | wc -l
  fi
}

# walk FORMAT KIND OP: KIND append (tpchgen --mode append) or commit
# (tpchgen commit of a part written just before).
walk() {
  local fmt=$1 kind=$2 op=$3 n=1 sub=region data=data
  [ "$fmt" = lance ] && sub=region.lance
  [ "$fmt" = paimon ] && data=bucket-0
  while :; do
    local label="$fmt $kind, failing $op #$n" case=$root/$fmt-$kind-$op-$n
    local t=$case/$sub
    gen -f "$fmt" -o "$case" || bad "$label: version 1"
    [ "$kind" = commit ] && gen -f "$fmt" --parts 2 --part 1 -o "$case"
    local before v0 rc v1
    before=$(files "$t")
    v0=$(versions "$fmt" "$t")
    local cmd=(gen -f "$fmt" --mode append -o "$case")
    [ "$kind" = commit ] && cmd=("$TPCHGEN" commit -q -f "$fmt" -T region -o "$case")
    TPCH_FAULT_OP=$op TPCH_FAULT_PATH=$t/ TPCH_FAULT_N=$n TPCH_FAULT_FIRED=$case.fired \
      LD_PRELOAD=$shim "${cmd[@]}" 2>"$case.err"
    rc=$?
    if [ ! -e "$case.fired" ]; then # N is past the last such call: done
      rm -rf "$case" "$case.err"
      break
    fi
    v1=$(versions "$fmt" "$t")
    case $rc in
      1)
        check "$label: no new version after exit 1" [ "$v1" = "$v0" ]
        check "$label: every file as it was after exit 1" [ "$(files "$t")" = "$before" ] ;;
      3)
        warned=$((warned + 1))
        [ "$fmt" = paimon ] && pwarned=$((pwarned + 1))
        check "$label: exit 3 has linked the version" [ "$v1" = $((v0 + 1)) ]
        check "$label: exit 3 says so" grep -q "warning: region: .*committed\|warning: region: .*in place" "$case.err" ;;
      0) check "$label: exit 0 has linked the version" [ "$v1" = $((v0 + 1)) ] ;;
      *) bad "$label: exit $rc: $(cat "$case.err")" ;;
    esac
    check "$label: one error line" [ "$(wc -l <"$case.err")" -le 1 ]
    check "$label: no temp file left" [ -z "$(find "$t" -name '.*.tmp-*')" ]
    # the next writer carries on from whatever the fault left: the commit
    # of the part still pending, else (the part is committed and may not
    # be written again) an append
    local next=("${cmd[@]}")
    if [ "$kind" = commit ] && [ -z "$(find "$t/$data" -name '*.pending')" ]; then
      next=(gen -f "$fmt" --mode append -o "$case")
    fi
    "${next[@]}" 2>>"$case.err"
    check "$label: a clean run afterwards succeeds ($(tail -n 1 "$case.err"))" [ $? = 0 ]
    check "$label: and adds one version" [ "$(versions "$fmt" "$t")" = $((v1 + 1)) ]
    echo "$fmt $t $((v1 + 1))" >>"$list"
    n=$((n + 1))
  done
  echo "$fmt $kind $op: walked $((n - 1)) calls"
}

for op in open write fsync rename link; do
  walk lance append $op
  walk iceberg append $op
  walk iceberg commit $op
  walk paimon append $op
  walk paimon commit $op
done
check "the walk reached some cases" [ "$(wc -l <"$list")" -gt 50 ]
check "some faults came after the commit point (exit 3: $warned)" [ "$warned" -gt 3 ]
# a Paimon snapshot stays once linked: a failed fsync of snapshot/ or hint is "committed, but"
check "some Paimon faults came after the snapshot link (exit 3: $pwarned)" [ "$pwarned" -gt 1 ]
count node tests/js/commit_faults_check.mjs "$list"
count tests/py/.venv/bin/python tests/py/commit_faults_check.py "$list"
count tests/py/.venv-paimon/bin/python tests/py/paimon_faults_check.py "$list"
finish
