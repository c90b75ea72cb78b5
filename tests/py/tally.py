"""The tally every Python checker keeps: check() counts a result (and prints
FAIL with what failed), finish() prints "N passed, N failed" as the last line
and exits 1 if anything failed."""
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what, flush=True)


def finish():
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)
