"""TPC-H data from the tpchgen-c C library, byte-identical to dbgen 2.14.

Two entry points:

* :func:`table` -- one table (or one part of it) as a stream of Arrow record
  batches through the Arrow PyCapsule interface, read by pyarrow, polars,
  DuckDB and any other Arrow consumer without copying and without pyarrow
  being needed here.
* :func:`write` -- files (tbl, CSV, Parquet, Lance, Iceberg) written by the
  same engine as the ``tpchgen`` command line, so the bytes are the same.
"""

from __future__ import annotations

import decimal
import os
from typing import Iterable, Optional, Tuple, Union

from . import _native
from ._native import Table

__all__ = ["Table", "Error", "TABLES", "FORMATS", "table", "write", "__version__"]

__version__: str = _native.VERSION

#: The eight TPC-H tables, in the library's order.
TABLES: Tuple[str, ...] = _native.table_names()
#: The file formats :func:`write` can produce.
FORMATS: Tuple[str, ...] = ("tbl", "csv", "parquet", "lance", "iceberg")

Number = Union[int, float, str, decimal.Decimal]


class Error(RuntimeError):
    """A failure while writing (I/O, an existing output, ...); the message is the library's."""


def _sf_text(sf: Number) -> str:
    """The scale factor as the decimal text the library parses ("0.01", "10")."""
    if isinstance(sf, bool):
        raise ValueError(f"scale factor must be a number, not {sf!r}")
    if isinstance(sf, str):
        return sf.strip()
    if isinstance(sf, (int, decimal.Decimal)):
        text = format(sf, "f") if isinstance(sf, decimal.Decimal) else str(sf)
    elif isinstance(sf, float):
        text = repr(sf)
        if "e" in text or "E" in text:
            text = format(decimal.Decimal(text), "f")
    else:
        raise ValueError(f"scale factor must be a number, not {sf!r}")
    return text


def table(
    name: str,
    sf: Number = 1,
    *,
    part: Optional[int] = None,
    parts: Optional[int] = None,
    batch_rows: int = 65536,
    text_pool: str = "compact",
    threads: Optional[int] = None,
) -> Table:
    """A TPC-H table as a stream of Arrow record batches.

    Args:
        name: ``part``, ``partsupp``, ``supplier``, ``customer``, ``orders``,
            ``lineitem``, ``nation`` or ``region``.
        sf: the scale factor (a number or its decimal text), > 0.
        part, parts: only part ``part`` (1-based) of ``parts``, dbgen's
            ``-C parts -S part`` split (the same rows as
            ``tpchgen --parts parts --part part``). nation and region are
            whole in part 1 and empty in the others.
        batch_rows: at most this many rows per batch (whole orders for
            lineitem, whole parts for partsupp, so at least 7 and 4).
        text_pool: where the comment columns' text comes from, the same
            bytes either way. ``"compact"`` (the default) keeps dbgen's
            300 MiB text pool in about 12 MB and generates each comment's
            text again: a whole ``pyarrow.Table`` then needs the least
            memory. ``"fast"`` keeps the 49 MB the ``tpchgen`` command uses
            and reads about three times faster.
        threads: threads that make batches ahead of the consumer (default:
            all cores; 1 = each batch is made when the consumer asks for
            it). The rows are the same for any number; with more than one
            the batches hold the whole units (orders, parts) that fit
            ``batch_rows`` at the table's most rows per unit, and at most
            two per thread wait unread. Ignored at SF >= 30000.

    Returns:
        A :class:`Table`. It implements ``__arrow_c_stream__`` and
        ``__arrow_c_schema__``; each ``__arrow_c_stream__`` call generates
        the table anew, batch by batch, so memory stays bounded by a few
        batches whatever the scale factor. For example
        ``pyarrow.table(t)``, ``pyarrow.RecordBatchReader.from_stream(t)``,
        ``polars.DataFrame(t)`` or ``duckdb.sql("select count(*) from t")``.

    Raises:
        ValueError: an unknown table, a bad scale factor, part, batch size,
            text pool or thread count (with the library's message).
    """
    if (part is None) != (parts is None):
        raise ValueError("give both part and parts, or neither")
    if text_pool not in ("compact", "fast"):
        raise ValueError(f"text_pool must be 'compact' or 'fast', not {text_pool!r}")
    if threads is not None and int(threads) < 1:
        raise ValueError(f"threads must be at least 1, not {threads}")
    return Table(
        name,
        _sf_text(sf),
        int(part or 0),
        int(parts or 0),
        int(batch_rows),
        text_pool == "compact",
        int(threads or 0),
    )


def _names(value: Union[str, Iterable[str]]) -> str:
    if isinstance(value, str):
        return value
    return ",".join(value)


def write(
    dir: Union[str, "os.PathLike[str]"],
    sf: Number = 1,
    formats: Union[str, Iterable[str]] = ("parquet",),
    tables: Union[str, Iterable[str]] = "all",
    parts: Optional[int] = None,
    part: Optional[int] = None,
    threads: Optional[int] = None,
    *,
    mode: str = "create",
    compression: Optional[str] = None,
    compression_level: Optional[int] = None,
    row_group_rows: Optional[int] = None,
    row_group_bytes: Optional[int] = None,
    max_rows: Optional[int] = None,
    fsync: bool = True,
    verbose: bool = False,
) -> None:
    """Writes TPC-H tables as files, exactly as the ``tpchgen`` command does.

    The arguments are the command's options (``tpchgen --help``): ``-o dir
    -s sf -f formats -T tables --parts parts --part part -j threads --mode
    mode --compression ... --row-group-rows ... --max-rows ...``. The work
    runs on ``threads`` worker threads (default: all cores) without holding
    the GIL; the output bytes do not depend on ``threads``. Outputs appear
    under their final names only when complete.

    Raises:
        ValueError: bad arguments (unknown table or format, bad scale
            factor, ...), with the command's message.
        Error: a failure while writing (an output that exists, I/O errors).
        KeyboardInterrupt: interrupted by SIGINT/SIGTERM (nothing is left
            under a final name).
    """
    argv = ["tpchgen", "-o", os.fspath(dir), "-s", _sf_text(sf), "-f", _names(formats), "-T", _names(tables)]
    if (part is None) != (parts is None):
        raise ValueError("give both part and parts, or neither")
    opts = [
        ("--parts", parts),
        ("--part", part),
        ("-j", threads),
        ("--mode", mode),
        ("--compression", compression),
        ("--compression-level", compression_level),
        ("--row-group-rows", row_group_rows),
        ("--row-group-bytes", row_group_bytes),
        ("--max-rows", max_rows),
    ]
    for flag, value in opts:
        if value is not None:
            argv += [flag, str(value)]
    if not fsync:
        argv.append("--no-fsync")
    argv.append("-v" if verbose else "-q")
    status, messages = _native.run_cli(argv, not verbose)
    if status == 0:
        return
    lines = [ln for ln in messages.splitlines() if ln.strip()]
    msg = lines[-1] if lines else f"tpchgen failed with status {status}"
    if msg.startswith("tpchgen: error: "):
        msg = msg[len("tpchgen: error: ") :]
    msg = msg.replace(" (see tpchgen --help)", "")
    raise (ValueError if status == 2 else Error)(msg)
