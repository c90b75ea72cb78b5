#!/bin/bash
# A real Slurm run of docs/distributed.md's job-array recipe. A one-node
# cluster on localhost (munged, slurmctld and slurmd, configured here in a
# temporary directory and stopped at the end, whatever happens) runs the
# doc's tpch-part.sh and submission blocks word for word: SF 1 (TPCH_SLURM_SF)
# in 4 parts as Parquet files, one Lance dataset and one Iceberg table per
# table, the Iceberg commit a job that depends on the array (afterok). The
# result must equal a single-process run: every column's digest and every
# row count equal tests/golden/interop-sf1/digests.json (the digests of
# tpchgen -s 1 -f tbl, whose files equal dbgen's; tests/sh/80_sf1_formats.sh
# recomputes them) through DuckDB (Parquet), pylance (Lance) and icebird
# (Iceberg), and Lance fragments are in part order.
# make test runs this when Slurm and munge are installed (scripts/install-deps.sh
# --npm installs them) and skips it otherwise; make test-cluster runs only this
# and counts a missing Slurm as a failure. slurmd must run as root.
# Waits are deadlines, not counts of sleeps, and print progress: under load
# everything is slower, never wrong. The daemons this test started (and only
# they, by PID) are stopped at the end, whatever happens.
. "$(dirname "$0")/lib.sh"
SF=${TPCH_SLURM_SF:-1}
PARTS=4
FORMATS=parquet,lance,iceberg
need=${TPCH_REQUIRE_SLURM:-0}
export PATH=$PATH:/usr/sbin:/sbin

skip() {
  echo "skipped: $*"
  [ "$need" = 1 ] && bad "make test-cluster needs it: $*"
  finish
  exit
}
for c in munged munge slurmctld slurmd sbatch squeue scontrol sinfo srun; do
  command -v "$c" >/dev/null 2>&1 || skip "no $c (Debian packages slurm-wlm and munge; scripts/install-deps.sh --npm installs them)"
done
[ "$(id -u)" = 0 ] || skip "slurmd must run as root"
digests=$GOLDEN/interop-sf$SF/digests.json
[ -f "$digests" ] || { bad "no reference digests for SF $SF ($digests)"; finish; exit; }

# wait_for SECONDS WHAT CMD...: runs CMD every half second until it succeeds
# or SECONDS have passed (status 1), printing WHAT every 30 s meanwhile.
wait_for() {
  local limit=$1 what=$2 t0 now last
  shift 2
  t0=$(date +%s)
  last=$t0
  until "$@"; do
    now=$(date +%s)
    [ $((now - t0)) -ge "$limit" ] && return 1
    if [ $((now - last)) -ge 30 ]; then
      echo "  waiting for $what ($((now - t0)) s)"
      last=$now
    fi
    sleep 0.5
  done
}

# The fenced block after the line "<!-- MARKER -->" of docs/distributed.md.
doc_block() {
  awk -v m="<!-- $1 -->" 'f == 2 && /^```/ { exit } f == 2 { print } f == 1 && /^```/ { f = 2 } $0 == m { f = 1 }' \
    "$TPCH_ROOT/docs/distributed.md"
}
job_script=$(doc_block "slurm: tpch-part.sh")
submit=$(doc_block "slurm: submit")
check "docs/distributed.md has the job script" [ -n "$job_script" ]
check "docs/distributed.md has the submission" [ -n "$submit" ]

# ---- the cluster -------------------------------------------------------------
# Daemon state lives in its own short path (munge's socket path is limited).
c=$(mktemp -d /tmp/tpch-slurm.XXXXXX)
w=$TPCH_TMP/slurm-run
rm -rf "$w"
mkdir -p "$w/bin"
pids=()
stop_cluster() {
  # jobs first (their steps are slurmd's children), then the daemons, by PID
  local p
  [ -n "${tpch_check_pid:-}" ] && kill "$tpch_check_pid" 2>/dev/null
  if [ -n "${SLURM_CONF:-}" ] && [ -n "$(squeue -h -o %i 2>/dev/null)" ]; then
    scancel --quiet --full "--user=$(id -un)" >/dev/null 2>&1
    wait_for 30 "cancelled jobs to leave" sh -c '[ -z "$(squeue -h -o %i 2>/dev/null)" ]'
  fi
  # slurmctld and slurmd stop on scontrol shutdown; munged (pids[0]) on SIGTERM
  gone() { for p in "$@"; do kill -0 "$p" 2>/dev/null && return 1; done; return 0; }
  if [ ${#pids[@]} -gt 1 ]; then
    scontrol shutdown >/dev/null 2>&1
    wait_for 30 "slurmctld and slurmd to exit" gone "${pids[@]:1}"
  fi
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && kill -TERM "$p" 2>/dev/null; done
  wait_for 10 "the daemons to exit on SIGTERM" gone "${pids[@]}"
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  rm -rf "$c"
}
trap 'stop_cluster' EXIT
trap 'exit 130' INT TERM HUP

# Two free TCP ports (something answering is taken).
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo 0
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$slurmd_port" = "$ctld_port" ] && slurmd_port=$((ctld_port + 1))

dd if=/dev/urandom of="$c/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$c/munge.key"
munged --foreground --force --socket="$c/munge.sock" --key-file="$c/munge.key" \
  --pid-file="$c/munged.pid" --log-file="$c/munged.log" --seed-file="$c/munged.seed" 2>>"$c/munged.err" &
pids+=($!)
wait_for 300 "munged's socket" [ -S "$c/munge.sock" ]
check "munged credentials round-trip" sh -c "munge -S '$c/munge.sock' -n | unmunge -S '$c/munge.sock' >/dev/null"

host=$(hostname -s)
mkdir -p "$c/state" "$c/spool"
cat >"$c/slurm.conf" <<EOF
ClusterName=tpchtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$c/munge.sock
StateSaveLocation=$c/state
SlurmdSpoolDir=$c/spool
SlurmctldPidFile=$c/slurmctld.pid
SlurmdPidFile=$c/slurmd.pid
SlurmctldLogFile=$c/slurmctld.log
SlurmdLogFile=$c/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SchedulerParameters=kill_invalid_depend,sched_interval=2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=3600
SlurmdTimeout=600
NodeName=tpchnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=8 RealMemory=8000 State=UNKNOWN
PartitionName=test Nodes=tpchnode Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$c/slurm.conf
slurmctld -D -i >>"$c/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N tpchnode >>"$c/slurmd.out" 2>&1 &
pids+=($!)
node_idle() { state=$(sinfo -h -n tpchnode -o %t 2>/dev/null) && [ "$state" = idle ]; }
state=
wait_for 600 "the node to be idle" node_idle
check "the node is up (sinfo: '$state')" [ "$state" = idle ]
if [ "$state" != idle ]; then
  tail -n 5 "$c"/slurmctld.log "$c"/slurmd.log "$c"/*.out 2>/dev/null | sed 's/^/    /'
  finish
  exit
fi

# ---- the doc's recipe, word for word -------------------------------------------
ln -s "$TPCHGEN" "$w/bin/tpchgen"
printf '%s\n' "$job_script" >"$w/tpch-part.sh"
export SF PARTS FORMATS OUT=$w/out PATH=$w/bin:$PATH
out=$(cd "$w" && bash -e -c "$submit"$'\n''echo "array=$array"' 2>&1)
check "the submission ran ($out)" [ $? = 0 ]
array=$(echo "$out" | sed -n 's/^array=\([0-9]*\).*/\1/p')
commit=$(echo "$out" | grep -E '^[0-9]+(;.*)?$' | tail -n 1 | cut -d';' -f1)
check "sbatch gave the array's and the commit's job ids ($array, $commit)" [ -n "$array" -a -n "$commit" ]

# Every job leaves the queue (a failed part cancels the commit: kill_invalid_depend).
left=x
# (a squeue that fails, e.g. slurmctld slow to answer, is not an empty queue)
queue_empty() { left=$(squeue -h -o '%i %T' 2>/dev/null) || return 1; left=$(echo $left); [ -z "$left" ]; }
wait_for 3600 "the jobs to finish" queue_empty
check "all jobs finished within an hour (left: $left)" [ -z "$left" ]
tasks=$(scontrol -o show job "$array" 2>/dev/null | grep -c 'ArrayTaskId=')
done_ok=$(scontrol -o show job "$array" 2>/dev/null | grep 'JobState=COMPLETED' | grep -c 'ExitCode=0:0')
check "all $PARTS array tasks ran ($tasks)" [ "$tasks" = $PARTS ]
check "all $PARTS array tasks COMPLETED with exit code 0 ($done_ok)" [ "$done_ok" = $PARTS ]
cline=$(scontrol -o show job "$commit" 2>/dev/null)
check "the commit job COMPLETED with exit code 0" sh -c "echo '$cline' | grep -q 'JobState=COMPLETED.*ExitCode=0:0'"
last_end=$(scontrol -o show job "$array" 2>/dev/null | grep -o 'EndTime=[^ ]*' | cut -d= -f2 | sort | tail -n 1)
commit_start=$(echo "$cline" | grep -o 'StartTime=[^ ]*' | cut -d= -f2)
not_before() { [ -n "$1" ] && [ -n "$2" ] && ! [[ "$1" < "$2" ]]; }
check "the commit started ($commit_start) after the last part ended ($last_end)" not_before "$commit_start" "$last_end"
for k in $(seq 1 $PARTS); do
  check "logs/part-$k.log written by the task (empty with -q)" [ -f "$w/logs/part-$k.log" ]
done
if [ "$done_ok" != $PARTS ] || ! echo "$cline" | grep -q 'JobState=COMPLETED'; then
  head -n 5 "$w"/logs/*.log 2>/dev/null | sed 's/^/    /'
  echo "$cline" | sed 's/^/    /'
fi

# ---- the result equals one process's ---------------------------------------------
# The reference is the single-process run's digests, committed (80_sf1_formats
# recomputes them from tpchgen -s 1 -f tbl, checked against dbgen's checksums).
o=$w/out
export NODE_OPTIONS=--max-old-space-size=8000
for t in supplier customer part partsupp orders lineitem; do
  n=$(find "$o/$t" -maxdepth 1 -name "$t.*.parquet" | wc -l)
  check "$t: $PARTS Parquet part files ($n)" [ "$n" = $PARTS ]
done
# icebird (the longest) on one core while DuckDB and pylance use the other
tpch_check_bg iceberg "$o" "$SF" --digests "$digests" --no-queries
tpch_check parquet "$o" "$SF" --parts --digests "$digests" --no-queries
count "$TPCH_ROOT/tests/py/.venv/bin/python" "$TPCH_ROOT/tests/py/tpch_lance_check.py" --dir "$o" \
  --golden "$GOLDEN/interop-sf0.01" --digests "$digests" --no-queries
# Fragment order: within and across a dataset's fragments the key never goes back.
count "$TPCH_ROOT/tests/py/.venv/bin/python" - "$o" "$PARTS" <<'PY'
import sys
import lance
import pyarrow.compute as pc
d, parts = sys.argv[1], int(sys.argv[2])
keys = dict(region="r_regionkey", nation="n_nationkey", supplier="s_suppkey", customer="c_custkey",
            part="p_partkey", partsupp="ps_partkey", orders="o_orderkey", lineitem="l_orderkey")
passed = failed = 0
for t, k in keys.items():
    frags = lance.dataset(f"{d}/{t}.lance").get_fragments()
    prev, ok = None, True
    for f in frags:
        col = f.to_table(columns=[k]).column(k)
        lo, hi = pc.min(col).as_py(), pc.max(col).as_py()
        if (prev is not None and lo < prev) or col.to_pylist() != sorted(col.to_pylist()):
            ok = False
        prev = hi
    want = 1 if t in ("region", "nation") else parts
    if ok and len(frags) >= want:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {t}: {len(frags)} fragments, keys in part order: {ok}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
tpch_check_wait
rm -rf "$w"
finish
