"""commit_faults_check.py - the second Lance reader of the fault-injection walk.

    tests/py/.venv/bin/python commit_faults_check.py LIST

Same LIST as tests/js/commit_faults_check.mjs; only the "lance" lines are
read here, with pylance: the versions must be exactly 1..V and version k
must scan completely to 5k rows whose r_regionkey values are 0..4, k times.
The last line is "N passed, N failed".
"""
import sys

import lance

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
    if len(parts) != 3 or parts[0] != "lance":
        continue
    path, want = parts[1], int(parts[2])
    label = "pylance " + path
    try:
        versions = sorted(v["version"] for v in lance.dataset(path).versions())
        ok(versions == list(range(1, want + 1)), f"{label}: versions {versions} (want 1..{want})")
        for v in versions:
            t = lance.dataset(path, version=v).to_table()
            ok(t.num_rows == 5 * v, f"{label} v{v}: {t.num_rows} rows (want {5 * v})")
            keys = sorted(t.column("r_regionkey").to_pylist())
            ok(keys == sorted(list(range(5)) * v), f"{label} v{v}: key values")
            ok(all(isinstance(s, str) for s in t.column("r_comment").to_pylist()), f"{label} v{v}: comments")
    except Exception as e:  # a reader error is a failed check, not a crash
        ok(False, f"{label}: {e}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
