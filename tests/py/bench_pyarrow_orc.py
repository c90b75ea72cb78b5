"""bench_pyarrow_orc.py PARQUET OUT: the alternative a user would pick for ORC:
pyarrow (Apache ORC C++) writing the lineitem rows, already in memory as an
Arrow table (read from our Parquet file first, not timed), to an ORC file
with zstd. Only the write is timed. Prints "seconds rows bytes"."""
import os
import sys
import time

import pyarrow.orc as po
import pyarrow.parquet as pq

src, out = sys.argv[1], sys.argv[2]
table = pq.read_table(src)
if os.path.exists(out):
    os.remove(out)
t0 = time.perf_counter()
po.write_table(table, out, compression="zstd")
secs = time.perf_counter() - t0
print("%.3f %d %d" % (secs, table.num_rows, os.path.getsize(out)))
