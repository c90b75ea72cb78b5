// OrcCheck: reads ORC files with Apache ORC's Java library (orc-core inside
// the orc-tools uber jar) for tests/py/orc_check.py. Test-only; compiled by
// the tests with javac against that jar:
//   javac -d DIR -cp orc-tools-VERSION-uber.jar tests/java/OrcCheck.java
//   java -cp DIR:orc-tools-VERSION-uber.jar OrcCheck COMMAND ...
//
// Commands (one JSON object a line on stdout):
//   digests BLOCK TABLE N FILE1..FILEN [TABLE N FILE...]...
//       every column's digest over the files of each table in order, as
//       tests/js/tpch_check.mjs defines it (blocks of BLOCK rows; canonical
//       text: integers in decimal, decimals with exactly their scale, dates
//       YYYY-MM-DD, strings as is, null as \N)
//   meta FILE...
//       the writer id of the Footer and what the reader makes of it (writer
//       implementation, writer version), the software and file versions
//   prune FILE COLUMN OP V1 V2 [FILE COLUMN OP V1 V2]...
//       reads FILE with a search argument (OP lt: COLUMN < V1; between:
//       V1 <= COLUMN <= V2; V2 is "-" for lt), so the reader skips stripes
//       and row groups by their statistics; reports the rows it read (as
//       ranges of file row numbers), the stripes it read from, and the rows
//       that satisfy the predicate (their row numbers' md5 and each column's
//       md5 of their canonical values in file order)
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.RecordReader;
import org.apache.orc.StripeInformation;
import org.apache.orc.TypeDescription;
import org.apache.orc.storage.ql.exec.vector.BytesColumnVector;
import org.apache.orc.storage.ql.exec.vector.ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DateColumnVector;
import org.apache.orc.storage.ql.exec.vector.Decimal64ColumnVector;
import org.apache.orc.storage.ql.exec.vector.DecimalColumnVector;
import org.apache.orc.storage.ql.exec.vector.DoubleColumnVector;
import org.apache.orc.storage.ql.exec.vector.LongColumnVector;
import org.apache.orc.storage.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.storage.ql.io.sarg.PredicateLeaf;
import org.apache.orc.storage.ql.io.sarg.SearchArgument;
import org.apache.orc.storage.ql.io.sarg.SearchArgumentFactory;

public final class OrcCheck {
  private static final Configuration CONF = new Configuration();

  /** md5 of values joined by "\n", cut into blocks of `block` values. */
  static final class Digester {
    final long block;
    final List<String> blocks = new ArrayList<>();
    MessageDigest md;
    long inBlock;

    Digester(long block) throws Exception {
      this.block = block;
      md = MessageDigest.getInstance("MD5");
    }

    void next() {
      if (inBlock > 0) md.update((byte) '\n');
      inBlock++;
    }

    void add(byte[] b, int off, int len) {
      next();
      md.update(b, off, len);
      if (inBlock == block) flush();
    }

    void add(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      add(b, 0, b.length);
    }

    void flush() {
      if (inBlock == 0) return;
      blocks.add(hex(md.digest()));
      inBlock = 0;
    }

    /** For a single block (block = Long.MAX_VALUE): the md5 of every value joined by "\n". */
    String total0() {
      String h = hex(md.digest());
      inBlock = 0;
      return h;
    }

    /** The md5 of the block digests joined by "\n". */
    String total() throws Exception {
      flush();
      MessageDigest all = MessageDigest.getInstance("MD5");
      all.update(String.join("\n", blocks).getBytes(StandardCharsets.UTF_8));
      return hex(all.digest());
    }
  }

  static String hex(byte[] d) {
    StringBuilder sb = new StringBuilder();
    for (byte b : d) sb.append(String.format("%02x", b & 0xff));
    return sb.toString();
  }

  static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** Adds row `r` of column vector `cv` (of ORC type `t`) to `d` as canonical text. */
  static void canon(Digester d, ColumnVector cv, TypeDescription t, int r) {
    int i = cv.isRepeating ? 0 : r;
    if (!cv.noNulls && cv.isNull[i]) {
      d.add("\\N");
      return;
    }
    if (cv instanceof BytesColumnVector) {
      BytesColumnVector b = (BytesColumnVector) cv;
      d.add(b.vector[i], b.start[i], b.length[i]);
    } else if (cv instanceof DateColumnVector) { // before LongColumnVector, its superclass
      d.add(LocalDate.ofEpochDay(((DateColumnVector) cv).vector[i]).toString());
    } else if (cv instanceof Decimal64ColumnVector) { // likewise
      Decimal64ColumnVector v = (Decimal64ColumnVector) cv;
      d.add(java.math.BigDecimal.valueOf(v.vector[i], v.scale).toPlainString());
    } else if (cv instanceof LongColumnVector) {
      d.add(Long.toString(((LongColumnVector) cv).vector[i]));
    } else if (cv instanceof DecimalColumnVector) {
      DecimalColumnVector v = (DecimalColumnVector) cv;
      d.add(v.vector[i].getHiveDecimal().bigDecimalValue().setScale(v.scale).toPlainString());
    } else if (cv instanceof DoubleColumnVector) {
      d.add(Double.toString(((DoubleColumnVector) cv).vector[i]));
    } else {
      throw new IllegalArgumentException("OrcCheck: no canonical text for " + t);
    }
  }

  static Reader open(String file) throws Exception {
    return OrcFile.createReader(new Path(file), OrcFile.readerOptions(CONF));
  }

  static void digests(String[] a) throws Exception {
    long block = Long.parseLong(a[1]);
    int k = 2;
    while (k < a.length) {
      String table = a[k];
      int n = Integer.parseInt(a[k + 1]);
      k += 2;
      List<String> names = null;
      Digester[] ds = null;
      long rows = 0;
      for (int f = 0; f < n; f++, k++) {
        try (Reader reader = open(a[k])) {
          TypeDescription schema = reader.getSchema();
          if (names == null) {
            names = schema.getFieldNames();
            ds = new Digester[names.size()];
            for (int c = 0; c < ds.length; c++) ds[c] = new Digester(block);
          }
          VectorizedRowBatch batch = schema.createRowBatchV2();
          try (RecordReader rr = reader.rows()) {
            while (rr.nextBatch(batch)) {
              for (int c = 0; c < ds.length; c++) {
                ColumnVector cv = batch.cols[c];
                TypeDescription t = schema.getChildren().get(c);
                for (int r = 0; r < batch.size; r++) canon(ds[c], cv, t, r);
              }
              rows += batch.size;
            }
          }
        }
      }
      StringBuilder out = new StringBuilder();
      out.append("{\"table\":").append(json(table)).append(",\"rows\":").append(rows).append(",\"columns\":{");
      for (int c = 0; names != null && c < ds.length; c++) {
        String total = ds[c].total();
        out.append(c > 0 ? "," : "").append(json(names.get(c))).append(":{\"digest\":\"").append(total)
            .append("\",\"blocks\":[");
        for (int b = 0; b < ds[c].blocks.size(); b++) out.append(b > 0 ? "," : "").append('"').append(ds[c].blocks.get(b)).append('"');
        out.append("]}");
      }
      System.out.println(out.append("}}"));
    }
  }

  static void meta(String[] a) throws Exception {
    for (int k = 1; k < a.length; k++) {
      try (Reader reader = open(a[k])) {
        int id = reader.getFileTail().getFooter().getWriter();
        boolean has = reader.getFileTail().getFooter().hasWriter();
        System.out.println("{\"file\":" + json(a[k]) + ",\"hasWriter\":" + has + ",\"writer\":" + id
            + ",\"implementation\":" + json(OrcFile.WriterImplementation.from(id).toString())
            + ",\"writerVersion\":" + json(reader.getWriterVersion().toString())
            + ",\"softwareVersion\":" + json(reader.getSoftwareVersion())
            + ",\"fileVersion\":" + json(reader.getFileVersion().getName()) + "}");
      }
    }
  }

  static Object literal(TypeDescription t, String v) {
    switch (t.getCategory()) {
      case BYTE: case SHORT: case INT: case LONG: return Long.parseLong(v);
      case DATE: return java.sql.Date.valueOf(v);
      case STRING: case VARCHAR: case CHAR: return v;
      default: throw new IllegalArgumentException("OrcCheck prune: no literal for " + t);
    }
  }

  static PredicateLeaf.Type leafType(TypeDescription t) {
    switch (t.getCategory()) {
      case BYTE: case SHORT: case INT: case LONG: return PredicateLeaf.Type.LONG;
      case DATE: return PredicateLeaf.Type.DATE;
      default: return PredicateLeaf.Type.STRING;
    }
  }

  /** Whether the value at row r of cv satisfies the predicate (evaluated here, row by row). */
  static boolean holds(ColumnVector cv, String op, Object lo, Object hi, int r) {
    int i = cv.isRepeating ? 0 : r;
    if (!cv.noNulls && cv.isNull[i]) return false;
    int c1, c2;
    if (cv instanceof LongColumnVector) {
      long x = ((LongColumnVector) cv).vector[i];
      long l = lo instanceof java.sql.Date ? ((java.sql.Date) lo).toLocalDate().toEpochDay() : (Long) lo;
      c1 = Long.compare(x, l);
      if (hi == null) return c1 < 0;
      long h = hi instanceof java.sql.Date ? ((java.sql.Date) hi).toLocalDate().toEpochDay() : (Long) hi;
      c2 = Long.compare(x, h);
    } else {
      BytesColumnVector b = (BytesColumnVector) cv;
      String x = new String(b.vector[i], b.start[i], b.length[i], StandardCharsets.UTF_8);
      c1 = x.compareTo((String) lo);
      if (hi == null) return c1 < 0;
      c2 = x.compareTo((String) hi);
    }
    return c1 >= 0 && c2 <= 0;
  }

  static void prune(String[] a) throws Exception {
    for (int k = 1; k + 4 < a.length; k += 5) {
      String file = a[k], col = a[k + 1], op = a[k + 2];
      try (Reader reader = open(file)) {
        TypeDescription schema = reader.getSchema();
        List<String> names = schema.getFieldNames();
        int ci = names.indexOf(col);
        if (ci < 0) throw new IllegalArgumentException("OrcCheck prune: no column " + col);
        TypeDescription t = schema.getChildren().get(ci);
        Object lo = literal(t, a[k + 3]);
        Object hi = op.equals("between") ? literal(t, a[k + 4]) : null;
        SearchArgument.Builder sb = SearchArgumentFactory.newBuilder().startAnd();
        if (op.equals("lt")) sb.lessThan(col, leafType(t), lo);
        else if (op.equals("between")) sb.between(col, leafType(t), lo, hi);
        else throw new IllegalArgumentException("OrcCheck prune: operator " + op);
        SearchArgument sarg = sb.end().build();
        // Stripe boundaries (file row numbers) to tell which stripes were read.
        List<Long> stripeStart = new ArrayList<>();
        long s0 = 0;
        for (StripeInformation si : reader.getStripes()) {
          stripeStart.add(s0);
          s0 += si.getNumberOfRows();
        }
        boolean[] stripeRead = new boolean[stripeStart.size()];
        Digester rowsMd5 = new Digester(Long.MAX_VALUE);
        Digester[] ds = new Digester[names.size()];
        for (int c = 0; c < ds.length; c++) ds[c] = new Digester(Long.MAX_VALUE);
        StringBuilder ranges = new StringBuilder();
        long read = 0, matched = 0, rangeStart = -1, rangeEnd = -1;
        VectorizedRowBatch batch = schema.createRowBatchV2();
        Reader.Options opts = reader.options().searchArgument(sarg, new String[] {col});
        try (RecordReader rr = reader.rows(opts)) {
          while (true) {
            long first = rr.getRowNumber();
            if (!rr.nextBatch(batch)) break;
            if (batch.size == 0) continue;
            if (first != rangeEnd) {
              if (rangeStart >= 0) ranges.append(ranges.length() > 0 ? "," : "").append('[').append(rangeStart).append(',').append(rangeEnd).append(']');
              rangeStart = first;
            }
            rangeEnd = first + batch.size;
            read += batch.size;
            for (int s = 0; s < stripeRead.length; s++) {
              long end = s + 1 < stripeRead.length ? stripeStart.get(s + 1) : s0;
              if (first < end && first + batch.size > stripeStart.get(s)) stripeRead[s] = true;
            }
            for (int r = 0; r < batch.size; r++) {
              if (!holds(batch.cols[ci], op, lo, hi, r)) continue;
              matched++;
              rowsMd5.add(Long.toString(first + r));
              for (int c = 0; c < ds.length; c++) canon(ds[c], batch.cols[c], schema.getChildren().get(c), r);
            }
          }
        }
        if (rangeStart >= 0) ranges.append(ranges.length() > 0 ? "," : "").append('[').append(rangeStart).append(',').append(rangeEnd).append(']');
        int stripesRead = 0;
        for (boolean b : stripeRead) stripesRead += b ? 1 : 0;
        StringBuilder out = new StringBuilder();
        out.append("{\"file\":").append(json(file)).append(",\"column\":").append(json(col))
            .append(",\"op\":").append(json(op)).append(",\"rows\":").append(reader.getNumberOfRows())
            .append(",\"stripes\":").append(stripeRead.length).append(",\"stripesRead\":").append(stripesRead)
            .append(",\"read\":").append(read).append(",\"ranges\":[").append(ranges).append("]")
            .append(",\"matched\":").append(matched).append(",\"matchedRows\":\"").append(rowsMd5.total0())
            .append("\",\"columns\":{");
        for (int c = 0; c < ds.length; c++) out.append(c > 0 ? "," : "").append(json(names.get(c))).append(":\"").append(ds[c].total0()).append('"');
        System.out.println(out.append("}}"));
      }
    }
  }

  public static void main(String[] a) throws Exception {
    if (a.length < 1) {
      System.err.println("usage: OrcCheck digests|meta|prune ...");
      System.exit(2);
    }
    switch (a[0]) {
      case "digests": digests(a); break;
      case "meta": meta(a); break;
      case "prune": prune(a); break;
      default:
        System.err.println("OrcCheck: unknown command " + a[0]);
        System.exit(2);
    }
  }
}
