import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL backend CPU of the GET-by-id statement, per statement and per id, from /proc of the
 * backend serving this connection, under PostgreSQL's default plan choice and under forced generic
 * plans (what the node's by-id connections use): {@code java -cp postgresql.jar PgCost.java <port>
 * ids.txt <statements> <ids per statement>}, against a node seeded as api-load.sh seeds it
 * (ids.txt: one 0x id a line, as the script writes it). Each statement binds its ids as a text[] of
 * bytea literals, as MessageReads does; statements run back to back on one connection, prepared,
 * binary results. Rows: the current statement (MessageReads.WITH_HISTORY_OF_ANY), the previous one
 * (four ordered aggregates), and the message columns alone and the ids alone as floors.
 */
public final class PgCost {
  static long ticks(int pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static final String COLUMNS =
      "m.id, m.seq, m.source_chain_id, m.source_gateway, m.nonce, m.sender, m.dest_chain_id,"
          + " m.recipient, m.payload, m.status, m.status_reason, m.block_height, m.leaf_index,"
          + " m.merkle_path, m.created_at, m.updated_at";
  static final String ANY = " where m.id = any(?::text[]::bytea[])";

  public static void main(String[] a) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String l : Files.readAllLines(Path.of(a[1]))) ids.add("\\x" + l.substring(2));
    int n = Integer.parseInt(a[2]);
    int k = Integer.parseInt(a[3]);
    String[][] qs = {
      {"current", "select " + COLUMNS + ", h.ids, h.statuses, h.reasons, h.ats from messages m"
          + " left join lateral (select array_agg(x.id) as ids, array_agg(x.status) as statuses,"
          + " array_agg(x.reason) as reasons, array_agg(x.at) as ats from (select y.id, y.status,"
          + " y.reason, y.at from message_status_history y where y.message_id = m.id order by y.id)"
          + " x) h on true" + ANY},
      {"ordered aggregates", "select " + COLUMNS + ", h.ids, h.statuses, h.reasons, h.ats from"
          + " messages m left join lateral (select array_agg(x.id order by x.id) as ids,"
          + " array_agg(x.status order by x.id) as statuses, array_agg(x.reason order by x.id) as"
          + " reasons, array_agg(x.at order by x.id) as ats from message_status_history x where"
          + " x.message_id = m.id) h on true" + ANY},
      {"columns only", "select " + COLUMNS + " from messages m" + ANY},
      {"ids only", "select m.id from messages m" + ANY},
    };
    try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + a[0]
        + "/postgres?prepareThreshold=1&binaryTransfer=true", "postgres", "")) {
      int pid;
      try (var s = c.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      int at = 0;
      for (String mode : new String[] {"auto", "force_generic_plan"}) {
        try (var s = c.createStatement()) {
          s.execute("set plan_cache_mode = " + mode);
        }
        for (int round = 0; round < 2; round++) {
          for (String[] q : qs) {
            try (var p = c.prepareStatement(q[1])) {
              long t0 = ticks(pid), w0 = System.nanoTime();
              for (int i = 0; i < n; i++) {
                String[] batch = new String[k];
                for (int j = 0; j < k; j++) batch[j] = ids.get(at++ % ids.size());
                p.setArray(1, c.createArrayOf("text", batch));
                try (var rs = p.executeQuery()) {
                  while (rs.next()) rs.getBytes(1);
                }
              }
              long t1 = ticks(pid), w1 = System.nanoTime();
              System.out.printf("%-18s round %d, %d ids: %-18s backend CPU %6.1f us/statement"
                  + " %5.1f us/id, wall %6.1f us/statement%n", mode, round, k, q[0],
                  (t1 - t0) * 1e4 / n, (t1 - t0) * 1e4 / n / k, (w1 - w0) / 1e3 / n);
            }
          }
        }
      }
    }
  }
}
