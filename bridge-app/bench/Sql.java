import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

/**
 * Runs a SQL file (statements separated by ";\n") or one query printing its first column, against
 * the embedded PostgreSQL: {@code java -cp postgresql.jar Sql.java <port> -f file.sql} or {@code
 * ... <port> -c "select ..."}. The bundled binaries have no psql.
 */
public final class Sql {
  public static void main(String[] args) throws Exception {
    try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + args[0] + "/postgres", "postgres", "");
        var s = c.createStatement()) {
      if (args[1].equals("-f")) {
        for (String stmt : Files.readString(Path.of(args[2])).split(";\\s*\\n")) {
          String sql = stmt.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
          if (!sql.isEmpty()) {
            s.execute(sql);
          }
        }
      } else {
        try (var rs = s.executeQuery(args[2])) {
          var out = new StringBuilder();
          while (rs.next()) {
            out.append(rs.getString(1)).append('\n');
          }
          System.out.print(out);
        }
      }
    }
  }
}
