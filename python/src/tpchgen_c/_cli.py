"""The ``tpchgen`` console script: the tpchgen command, run in this process."""

import sys

from . import _native


def main() -> None:
    """Runs ``tpchgen`` with this process's arguments and exits with its status."""
    try:
        status, _ = _native.run_cli(["tpchgen"] + sys.argv[1:], False)
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)


if __name__ == "__main__":
    main()
