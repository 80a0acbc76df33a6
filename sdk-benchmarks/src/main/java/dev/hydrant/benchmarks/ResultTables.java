package dev.hydrant.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders load results as Markdown tables. */
final class ResultTables {
  private static final double MIB = 1024.0 * 1024.0;

  private ResultTables() {}

  /** One row per run. */
  static String runs(List<RunResult> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| latency | client | threads | events/s | delivered | requests | records |"
            + " wire B/event | actual B/event | billed B/event | billed/actual | p50 ms | p99 ms |"
            + " client CPU µs/event | peak heap MiB | loss check | load |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %d ms | %s | %d | %,.0f | %,d | %,d | %,d | %.1f | %.1f | %.1f | %.3f | %.1f |"
                  + " %.1f | %.2f | %.1f | %s | %.2f |%n",
              r.latencyMillis(),
              r.client(),
              r.threads(),
              r.eventsPerSecond(),
              r.delivered(),
              r.requests(),
              r.records(),
              r.delivered() > 0 ? (double) r.wireBytes() / r.delivered() : 0,
              r.actualPerEvent(),
              r.billedPerEvent(),
              r.billedOverActual(),
              r.p50Micros() / 1000.0,
              r.p99Micros() / 1000.0,
              r.cpuMicrosPerEvent(),
              r.peakHeapBytes() / MIB,
              r.lossFree()
                  ? "OK (" + r.delivered() + " = " + r.accepted() + ")"
                  : "LOSS (" + r.delivered() + " of " + r.accepted() + ")",
              r.loadAverage()));
    }
    return out.toString();
  }

  /** Hydrant against naive for each latency and thread count both ran with. */
  static String ratios(List<RunResult> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| latency | threads | Hydrant events/s | naive events/s | speed-up |"
            + " Hydrant billed B/event | naive billed B/event | billing saving |"
            + " Hydrant CPU µs/event | naive CPU µs/event |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult h : results) {
      if (!h.client().startsWith("hydrant")) {
        continue;
      }
      Optional<RunResult> naive = find(results, "naive", h.latencyMillis(), h.threads());
      if (naive.isEmpty()) {
        continue;
      }
      RunResult n = naive.get();
      out.append(
          String.format(
              Locale.ROOT,
              "| %d ms | %d | %,.0f | %,.0f | %,.1f× | %.1f | %.1f | %,.1f× | %.2f | %.2f |%n",
              h.latencyMillis(),
              h.threads(),
              h.eventsPerSecond(),
              n.eventsPerSecond(),
              ratio(h.eventsPerSecond(), n.eventsPerSecond()),
              h.billedPerEvent(),
              n.billedPerEvent(),
              ratio(n.billedPerEvent(), h.billedPerEvent()),
              h.cpuMicrosPerEvent(),
              n.cpuMicrosPerEvent()));
    }
    return out.toString();
  }

  /** Each run's client CPU against the floor measured in the same JVM. */
  static String floors(List<RunResult> results, List<Floor> floors) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| latency | client | threads | client CPU µs/event | floor µs/event | client / floor |"
            + " build µs | encode µs | base64 µs | AES-GCM µs | ChaCha20-Poly1305 µs |"
            + " line B |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < results.size(); i++) {
      RunResult r = results.get(i);
      Floor f = floors.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "| %d ms | %s | %d | %.2f | %.3f | %.1f× | %.3f | %.3f | %.3f | %.3f | %.3f |"
                  + " %.0f |%n",
              r.latencyMillis(),
              r.client(),
              r.threads(),
              r.cpuMicrosPerEvent(),
              f.floorMicros(),
              ratio(r.cpuMicrosPerEvent(), f.floorMicros()),
              f.buildNanos() / 1000,
              f.encodeNanos() / 1000,
              f.base64Nanos() / 1000,
              f.aesGcmNanos() / 1000,
              f.chachaNanos() / 1000,
              f.lineBytes()));
    }
    return out.toString();
  }

  /** Each Hydrant run against the AWS SDK peer's run with the same latency and thread count. */
  static String againstAwsSdk(List<RunResult> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| latency | threads | client | events/s | AWS SDK events/s | hydrant/awssdk events/s |"
            + " CPU µs/event | AWS SDK CPU µs/event | awssdk/hydrant CPU |"
            + " billed B/event | AWS SDK billed B/event | wire B/event | AWS SDK wire B/event |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult h : results) {
      if (!h.client().startsWith("hydrant")) {
        continue;
      }
      Optional<RunResult> peer = find(results, "awssdk", h.latencyMillis(), h.threads());
      if (peer.isEmpty()) {
        continue;
      }
      RunResult a = peer.get();
      out.append(
          String.format(
              Locale.ROOT,
              "| %d ms | %d | %s | %,.0f | %,.0f | %.2f× | %.2f | %.2f | %.2f× | %.1f | %.1f |"
                  + " %.1f | %.1f |%n",
              h.latencyMillis(),
              h.threads(),
              h.client(),
              h.eventsPerSecond(),
              a.eventsPerSecond(),
              ratio(h.eventsPerSecond(), a.eventsPerSecond()),
              h.cpuMicrosPerEvent(),
              a.cpuMicrosPerEvent(),
              ratio(a.cpuMicrosPerEvent(), h.cpuMicrosPerEvent()),
              h.billedPerEvent(),
              a.billedPerEvent(),
              wirePerEvent(h),
              wirePerEvent(a)));
    }
    return out.toString();
  }

  private static double wirePerEvent(RunResult r) {
    return r.delivered() > 0 ? (double) r.wireBytes() / r.delivered() : 0;
  }

  static Optional<RunResult> find(
      List<RunResult> results, String client, long latencyMillis, int threads) {
    return results.stream()
        .filter(
            r ->
                r.client().equals(client)
                    && r.latencyMillis() == latencyMillis
                    && r.threads() == threads)
        .findFirst();
  }

  private static double ratio(double a, double b) {
    return b > 0 ? a / b : Double.POSITIVE_INFINITY;
  }
}
