package dev.hydrant.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load loop measuring what the emulator sustains (not a test; run by hand):
 *
 * <pre>
 * mvn -q -pl sdk-testkit test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.hydrant.testkit.EmulatorLoad -Dexec.args="8 10"
 * </pre>
 *
 * <p>Arguments: client threads (default 8), seconds per scenario (default 10), and which scenario
 * ({@code small}, {@code big}, {@code batch}, {@code latency}, default {@code all}): one ~300 B
 * event per request on the single route (the naive baseline), one ~1 MB record of NDJSON events per
 * request on the single route, batches of 4 such records on the batch route, and the first two
 * again with a fixed 50 ms backend latency. Each thread has its own JDK HttpClient, so connections
 * stay alive.
 */
public final class EmulatorLoad {

  private EmulatorLoad() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String only = args.length > 2 ? args[2] : "all";
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .retention(Retention.COUNTERS)
            .quotas(FirehoseQuotas.UNLIMITED)
            .build()
            .start()) {
      String event =
          "{\"event_id\":\"0190d3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d\",\"seq\":1,\"type\":\"video_quality\","
              + "\"device_id\":\"stb-000042\",\"ts\":\"2026-11-27T23:00:00.000Z\",\"bitrate_kbps\":5800,"
              + "\"buffering_ms\":120,\"dropped_frames\":3,\"resolution\":\"1920x1080\",\"cdn\":\"edge-7\","
              + "\"session\":\"c0ffee00-1234-5678-9abc-def012345678\",\"pad\":\"xxxxxxxxxxxxxxxx\"}\n";
      int eventBytes = event.getBytes(StandardCharsets.UTF_8).length;
      int perRecord = 1_000_000 / eventBytes;
      String record = b64(event.repeat(perRecord));
      String small = b64(event);

      String smallBody = "{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"" + small + "\"}";
      String bigBody = "{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"" + record + "\"}";
      StringBuilder batch =
          new StringBuilder("{\"DeliveryStreamName\":\"stb-telemetry\",\"Records\":[");
      for (int i = 0; i < 4; i++) {
        batch.append(i == 0 ? "" : ",").append("{\"Data\":\"").append(record).append("\"}");
      }
      String batchBody = batch.append("]}").toString();

      System.out.printf(
          "event %d B, %d events per ~1 MB record, threads %d%n", eventBytes, perRecord, threads);
      String small1 = "single route, 1 event/request";
      String big1 = "single route, 1 MB record/request";
      if (only.equals("all") || only.equals("small")) {
        run(emulator, emulator.endpoint(), smallBody, 1, threads, seconds, small1);
      }
      if (only.equals("all") || only.equals("big")) {
        run(emulator, emulator.endpoint(), bigBody, perRecord, threads, seconds, big1);
      }
      if (only.equals("all") || only.equals("batch")) {
        String name = "batch route, 4 x 1 MB records/request";
        run(emulator, emulator.batchEndpoint(), batchBody, 4 * perRecord, threads, seconds, name);
      }
      if (only.equals("all") || only.equals("latency")) {
        emulator.faults(Faults.builder().latency(Latency.fixed(Duration.ofMillis(50))).build());
        run(emulator, emulator.endpoint(), smallBody, 1, threads, seconds, small1 + ", 50 ms");
        run(emulator, emulator.endpoint(), bigBody, perRecord, threads, seconds, big1 + ", 50 ms");
      }
    }
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void run(
      FirehoseEmulator emulator,
      URI uri,
      String body,
      int eventsPerRequest,
      int threads,
      int seconds,
      String name)
      throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    EmulatorStats before = emulator.stats();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                HttpClient client =
                    HttpClient.newBuilder()
                        .sslContext(emulator.sslContext())
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                HttpRequest request =
                    HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build();
                while (System.nanoTime() < end) {
                  HttpResponse<String> r =
                      client.send(request, HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() == 200
                      && !r.body().contains("__type")
                      && !r.body().contains("ErrorCode")) {
                    ok.increment();
                  } else {
                    failed.increment();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    EmulatorStats after = emulator.stats();
    long records = after.recordsDelivered() - before.recordsDelivered();
    long raw = after.bytesDelivered() - before.bytesDelivered();
    System.out.printf(
        "%-42s %8.0f req/s %9.0f records/s %10.0f events/s %7.1f MB/s raw %7.1f MB/s on the wire, failed %d%n",
        name,
        ok.sum() / elapsed,
        records / elapsed,
        ok.sum() * (double) eventsPerRequest / elapsed,
        raw / elapsed / 1e6,
        ok.sum() * (double) bytes.length / elapsed / 1e6,
        failed.sum());
  }
}
