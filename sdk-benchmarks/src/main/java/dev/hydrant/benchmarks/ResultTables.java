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
