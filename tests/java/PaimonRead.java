// PaimonRead.java - reads a Paimon table with Apache Paimon's Java library and
// prints what tests compare: the schema, the row count and, per column, the
// digest of its canonical text (definition in tests/golden/README.md: rows cut
// into blocks of 100,000, md5 hex per block of the values joined by "\n", md5
// hex of the block digests joined by "\n").
//
//   java -cp 'tests/java/lib/*:tests/java/classes' PaimonRead [--snapshot N]
//        [--filter COLUMN lt|gt VALUE] [--count-only] [--each-snapshot] TABLE_DIR...
//
// VALUE is an integer (days since 1970-01-01 for a DATE column). Per table:
//                table <dir>
//                snapshots <id> <id> ...        ("unreadable" when one cannot be read)
//                latest <id>                    (the newest snapshot)
//                schema <id>                    (the table's schema id)
//                field <id> <name> <TYPE>      (Paimon type, NOT NULL included)
//                splits <n> files <n>           (after filter pruning)
//                rows <n>                       (rows the read returned)
//                matching <n>                   (with --filter: rows satisfying it)
//                digest <name> <md5>
// With --each-snapshot only:  snapshot <id> <rows> <commit kind>   (time travel to each)
// Exit status 0 on success, 1 (with one "error: ..." line) on failure.
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.paimon.Snapshot;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.fs.Path;
import org.apache.paimon.fs.local.LocalFileIO;
import org.apache.paimon.predicate.Predicate;
import org.apache.paimon.predicate.PredicateBuilder;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.FileStoreTableFactory;
import org.apache.paimon.table.source.DataSplit;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.table.source.Split;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.DataTypeRoot;
import org.apache.paimon.types.DecimalType;

public class PaimonRead {
  static final int BLOCK = 100000;

  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) s.append(String.format("%02x", x & 0xff));
    return s.toString();
  }

  static final class ColumnDigest {
    final MessageDigest block, all;
    long n;
    boolean firstBlock = true;
    ColumnDigest() throws Exception {
      block = MessageDigest.getInstance("MD5");
      all = MessageDigest.getInstance("MD5");
    }
    void add(String v) {
      if (n % BLOCK != 0) block.update((byte) '\n');
      block.update(v.getBytes(StandardCharsets.UTF_8));
      n++;
      if (n % BLOCK == 0) closeBlock();
    }
    void closeBlock() {
      if (!firstBlock) all.update((byte) '\n');
      all.update(hex(block.digest()).getBytes(StandardCharsets.US_ASCII));
      firstBlock = false;
    }
    String finish() {
      if (n % BLOCK != 0 || n == 0) closeBlock();
      return hex(all.digest());
    }
  }

  static String text(InternalRow r, int i, DataType t) {
    if (r.isNullAt(i)) return "\\N";
    switch (t.getTypeRoot()) {
      case DOUBLE: return Double.toString(r.getDouble(i));
      case BIGINT: return Long.toString(r.getLong(i));
      case INTEGER: return Integer.toString(r.getInt(i));
      case DATE: return LocalDate.ofEpochDay(r.getInt(i)).toString();
      case DECIMAL: {
        DecimalType d = (DecimalType) t;
        return r.getDecimal(i, d.getPrecision(), d.getScale()).toBigDecimal().toPlainString();
      }
      default: return r.getString(i).toString();
    }
  }

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (Exception e) {
      System.out.println("error: " + e);
      System.exit(1);
    }
  }

  static void run(String[] args) throws Exception {
    Map<String, String> dyn = new HashMap<>();
    String fcol = null, fop = null;
    int fval = 0;
    boolean countOnly = false, eachSnapshot = false;
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--snapshot")) dyn.put("scan.snapshot-id", args[++i]);
      else if (args[i].equals("--filter")) {
        fcol = args[++i];
        fop = args[++i];
        fval = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--count-only")) countOnly = true;
      else if (args[i].equals("--each-snapshot")) eachSnapshot = true;
      else if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
      else dirs.add(args[i]);
    }
    for (String dir : dirs) {
      System.out.println("table " + dir);
      if (!eachSnapshot) {
        readTable(dir, dyn, fcol, fop, fval, countOnly);
        continue;
      }
      FileStoreTable table = FileStoreTableFactory.create(LocalFileIO.create(), new Path(dir));
      Iterator<Snapshot> it = table.snapshotManager().snapshots();
      while (it.hasNext()) {
        Snapshot s = it.next();
        FileStoreTable t = table.copy(java.util.Collections.singletonMap("scan.snapshot-id", Long.toString(s.id())));
        ReadBuilder rb = t.newReadBuilder();
        long[] n = {0};
        try (RecordReader<InternalRow> r = rb.newRead().createReader(rb.newScan().plan().splits())) {
          r.forEachRemaining(row -> n[0]++);
        }
        System.out.println("snapshot " + s.id() + " " + n[0] + " " + s.commitKind());
      }
    }
  }

  static void readTable(String dir, Map<String, String> dyn, String fcol, String fop, int fval, boolean countOnly)
      throws Exception {
    FileStoreTable table = FileStoreTableFactory.create(LocalFileIO.create(), new Path(dir));
    StringBuilder ids = new StringBuilder();
    try {
      Iterator<Snapshot> it = table.snapshotManager().snapshots();
      while (it.hasNext()) ids.append(' ').append(it.next().id());
    } catch (Exception e) {
      ids.append(" unreadable"); // a damaged snapshot file (an --overwrite keeps it)
    }
    System.out.println("snapshots" + ids);
    System.out.println("latest " + table.snapshotManager().latestSnapshotId());
    System.out.println("schema " + table.schema().id());
    if (!dyn.isEmpty()) table = table.copy(dyn);
    List<DataField> fields = table.rowType().getFields();
    for (DataField f : fields) System.out.println("field " + f.id() + " " + f.name() + " " + f.type());
    ReadBuilder rb = table.newReadBuilder();
    int fidx = -1;
    if (fcol != null) {
      fidx = table.rowType().getFieldNames().indexOf(fcol);
      if (fidx < 0) throw new IllegalArgumentException("no column " + fcol);
      PredicateBuilder pb = new PredicateBuilder(table.rowType());
      boolean big = fields.get(fidx).type().getTypeRoot() == DataTypeRoot.BIGINT;
      Object lit = big ? (Object) Long.valueOf(fval) : (Object) Integer.valueOf(fval);
      Predicate p = fop.equals("lt") ? pb.lessThan(fidx, lit) : pb.greaterThan(fidx, lit);
      rb = rb.withFilter(p);
    }
    List<Split> splits = rb.newScan().plan().splits();
    long files = 0;
    for (Split s : splits) if (s instanceof DataSplit) files += ((DataSplit) s).dataFiles().size();
    System.out.println("splits " + splits.size() + " files " + files);
    List<ColumnDigest> dig = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) dig.add(new ColumnDigest());
    long[] rows = {0, 0};
    final int fi = fidx;
    final boolean fbig = fidx >= 0 && fields.get(fidx).type().getTypeRoot() == DataTypeRoot.BIGINT;
    final boolean lt = "lt".equals(fop);
    final int fv = fval;
    final boolean co = countOnly;
    try (RecordReader<InternalRow> r = rb.newRead().createReader(splits)) {
      r.forEachRemaining(row -> {
        rows[0]++;
        if (fi >= 0) {
          long v = fbig ? row.getLong(fi) : row.getInt(fi);
          if (lt ? v < fv : v > fv) rows[1]++;
        }
        if (co) return;
        for (int i = 0; i < fields.size(); i++) dig.get(i).add(text(row, i, fields.get(i).type()));
      });
    }
    System.out.println("rows " + rows[0]);
    if (fi >= 0) System.out.println("matching " + rows[1]);
    if (!countOnly)
      for (int i = 0; i < fields.size(); i++) System.out.println("digest " + fields.get(i).name() + " " + dig.get(i).finish());
  }
}
