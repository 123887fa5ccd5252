import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * PostgreSQL backend CPU per statement of the GET-by-id read and of cheaper alternatives, from
 * /proc of the backend serving this connection: {@code java -cp postgresql.jar PgCost.java <port>
 * ids.txt <n> with-history.sql}, against a node seeded as api-load.sh seeds it (ids.txt: one 0x id a
 * line, as the script writes it; with-history.sql: MessageReads.WITH_HISTORY_OF_ANY ending in
 * {@code where m.id = $1}, the by-id statement before reads were coalesced).
 * Statements run back to back on one connection, prepared (binary results) except "select 1", which
 * runs as a simple query as a pool's validation query does.
 */
public final class PgCost {
  static long ticks(int pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  public static void main(String[] a) throws Exception {
    List<byte[]> ids = new ArrayList<>();
    for (String l : Files.readAllLines(Path.of(a[1]))) ids.add(HexFormat.of().parseHex(l.substring(2)));
    int n = Integer.parseInt(a[2]);
    String withHistory = Files.readString(Path.of(a[3])).trim();
    String[][] qs = {
      {"select 1 (simple)", "select 1"},
      {"with history", withHistory},
      {"pk all columns", "select id, seq, source_chain_id, source_gateway, nonce, sender, dest_chain_id, recipient, payload, status, status_reason, block_height, leaf_index, merkle_path, created_at, updated_at from messages where id = $1"},
      {"pk one bytea", "select payload from messages where id = $1"},
    };
    try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + a[0] + "/postgres?prepareThreshold=1&binaryTransfer=true", "postgres", "")) {
      int pid;
      try (var s = c.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) { rs.next(); pid = rs.getInt(1); }
      for (int round = 0; round < 2; round++) {
        for (String[] q : qs) {
          long t0 = ticks(pid), w0 = System.nanoTime();
          if (q[1].equals("select 1")) {
            try (var s = c.createStatement()) {
              for (int i = 0; i < n; i++) try (var rs = s.executeQuery("select 1")) { rs.next(); }
            }
          } else {
            try (var p = c.prepareStatement(q[1].replace("$1", "?"))) {
              for (int i = 0; i < n; i++) {
                p.setBytes(1, ids.get(i % ids.size()));
                try (var rs = p.executeQuery()) { while (rs.next()) { rs.getBytes(1); } }
              }
            }
          }
          long t1 = ticks(pid), w1 = System.nanoTime();
          System.out.printf("round %d %-20s backend CPU %5.1f us/stmt, wall %5.1f us/stmt%n", round, q[0], (t1 - t0) * 1e4 / n, (w1 - w0) / 1e3 / n);
        }
      }
    }
  }
}
