import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * SSE fan-out load: N concurrent subscribers of GET /v1/events on one node, then status changes
 * made through the admin API (retry of seeded FAILED messages, see seed.sql). Reports the node's
 * memory per subscriber (RSS and heap after a full GC, before vs after connecting) and the delay
 * from the admin call to each subscriber's event (p50/p99 of the last subscriber per change).
 *
 * <p>JDK only: {@code java SseFanoutHarness.java <api-url> <mgmt-url> <node-pid> <token> <n>
 * <changes>}. Driven by sse-load.sh.
 */
public final class SseFanoutHarness {

  private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"(0x[0-9a-f]{64})\"");

  public static void main(String[] args) throws Exception {
    String api = args[0];
    String mgmt = args[1];
    long pid = Long.parseLong(args[2]);
    String token = args[3];
    int n = Integer.parseInt(args[4]);
    int changes = Integer.parseInt(args[5]);

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2))
            .build();
    long[] before = memory(client, mgmt, pid);

    Map<String, long[]> receipts = new ConcurrentHashMap<>();
    Map<String, CountDownLatch> latches = new ConcurrentHashMap<>();
    CountDownLatch connected = new CountDownLatch(n);
    AtomicInteger failed = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int index = i;
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(api + "/v1/events"))
              .header("Accept", "text/event-stream")
              .build();
      client
          .sendAsync(
              req,
              HttpResponse.BodyHandlers.fromLineSubscriber(
                  new Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                      s.request(Long.MAX_VALUE);
                      connected.countDown();
                    }

                    @Override
                    public void onNext(String line) {
                      if (!line.startsWith("data:")) {
                        return;
                      }
                      long now = System.nanoTime();
                      var m = MESSAGE_ID.matcher(line);
                      if (m.find()) {
                        long[] r = receipts.get(m.group(1));
                        if (r != null && r[index] == 0) {
                          r[index] = now;
                          latches.get(m.group(1)).countDown();
                        }
                      }
                    }

                    @Override
                    public void onError(Throwable t) {
                      failed.incrementAndGet();
                    }

                    @Override
                    public void onComplete() {}
                  }))
          .exceptionally(
              t -> {
                failed.incrementAndGet();
                connected.countDown();
                return null;
              });
      if (i % 500 == 499) {
        // Pace connection set-up so the accept queue does not overflow.
        while (connected.getCount() > n - i - 1 + 1000) {
          Thread.sleep(5);
        }
      }
    }
    if (!connected.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("only " + (n - connected.getCount()) + " connected");
    }
    System.out.printf(
        "subscribers connected: %d in %.1f s (failed %d)%n",
        n, (System.nanoTime() - start) / 1e9, failed.get());
    Thread.sleep(2000);
    long[] after = memory(client, mgmt, pid);
    System.out.printf(
        "node RSS %d -> %d MiB, heap used after GC %d -> %d MiB: %.1f KiB RSS and %.1f KiB heap"
            + " per subscriber%n",
        before[0] >> 20, after[0] >> 20, before[1] >> 20, after[1] >> 20,
        (after[0] - before[0]) / 1024.0 / n, (after[1] - before[1]) / 1024.0 / n);

    List<Double> lastMs = new ArrayList<>();
    List<Double> spreadMs = new ArrayList<>();
    List<Double> allMs = new ArrayList<>();
    for (int c = 1; c <= changes; c++) {
      String id = failedId(c);
      receipts.put(id, new long[n]);
      latches.put(id, new CountDownLatch(n));
      long t0 = System.nanoTime();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(api + "/admin/v1/messages/" + id + "/retry"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("retry " + id + ": " + r.statusCode() + " " + r.body());
      }
      if (!latches.get(id).await(60, TimeUnit.SECONDS)) {
        System.out.printf("change %d: only %d/%d received%n", c, n - latches.get(id).getCount(), n);
      }
      long[] got = receipts.get(id);
      long first = Long.MAX_VALUE;
      long last = 0;
      for (long t : got) {
        if (t != 0) {
          first = Math.min(first, t);
          last = Math.max(last, t);
          allMs.add((t - t0) / 1e6);
        }
      }
      lastMs.add((last - t0) / 1e6);
      spreadMs.add((last - first) / 1e6);
      Thread.sleep(300);
    }
    System.out.printf(
        "changes: %d; delay admin call -> last subscriber p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        changes, pct(lastMs, 50), pct(lastMs, 99), pct(lastMs, 100));
    System.out.printf(
        "first -> last subscriber spread p50 %.1f ms, p99 %.1f ms; all %d deliveries p50 %.1f ms,"
            + " p99 %.1f ms%n",
        pct(spreadMs, 50), pct(spreadMs, 99), allMs.size(), pct(allMs, 50), pct(allMs, 99));
    System.exit(0);
  }

  /** Same ids as seed.sql: md5('f'||i) || md5('F'||i). */
  static String failedId(int i) throws Exception {
    var md5 = MessageDigest.getInstance("MD5");
    byte[] a = md5.digest(("f" + i).getBytes());
    byte[] b = md5.digest(("F" + i).getBytes());
    return "0x" + HexFormat.of().formatHex(a) + HexFormat.of().formatHex(b);
  }

  /** {RSS bytes, heap used bytes} of the node after a full GC. */
  static long[] memory(HttpClient client, String mgmt, long pid) throws Exception {
    new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").inheritIO().start().waitFor();
    Thread.sleep(500);
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    String body =
        client
            .send(
                HttpRequest.newBuilder(
                        URI.create(mgmt + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    var m = Pattern.compile("\"value\":([0-9.E]+)").matcher(body);
    long heap = m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    return new long[] {rss, heap};
  }

  static double pct(List<Double> values, int p) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    if (v.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))];
  }
}
