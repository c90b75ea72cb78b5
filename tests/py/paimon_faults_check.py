"""paimon_faults_check.py - the Paimon reader of the fault-injection walk
(tests/sh/72_commit_faults.sh).

    tests/py/.venv-paimon/bin/python paimon_faults_check.py LIST

Same LIST as tests/js/commit_faults_check.mjs; only the "paimon DIR/region V"
lines are read here, with pypaimon: the snapshots must be exactly 1..V and
snapshot k (time travel) must read completely to 5k rows whose r_regionkey
values are 0..4, k times. The last line is "N passed, N failed".
"""
import sys

from pypaimon.table.file_store_table import FileStoreTable

passed = failed = 0


def ok(cond, msg):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL " + msg)


for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) != 3 or parts[0] != "paimon":
        continue
    path, want = parts[1], int(parts[2])
    label = "pypaimon " + path
    try:
        table = FileStoreTable.from_path(path)
        ids = sorted(s.id for s in table.snapshot_manager().list_snapshots())
        ok(ids == list(range(1, want + 1)), f"{label}: snapshots {ids} (want 1..{want})")
        for k in ids:
            rb = table.copy({"scan.snapshot-id": str(k)}).new_read_builder()
            t = rb.new_read().to_arrow(rb.new_scan().plan().splits())
            ok(t.num_rows == 5 * k, f"{label} snapshot {k}: {t.num_rows} rows (want {5 * k})")
            keys = sorted(t.column("r_regionkey").to_pylist())
            ok(keys == sorted(list(range(5)) * k), f"{label} snapshot {k}: key values")
    except Exception as e:  # a reader error is a failed check, not a crash
        ok(False, f"{label}: {e}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
