package dev.hydrant.benchmarks;

import dev.hydrant.internal.codec.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One naive-baseline load run: each producer thread encodes its event (with Hydrant's codec, so
 * both clients ship identical lines) and posts it synchronously with {@link NaiveClient}; latency
 * is the POST's round trip.
 */
final class NaiveLoad {
  private NaiveLoad() {}

  /** Runs the producers against the proxy at {@code endpoint}, trusting {@code caPem}. */
  static HydrantLoad.ClientRun run(
      URI endpoint, String caPem, int threads, Duration duration, long rate) throws Exception {
    LatencyHistogram latency = new LatencyHistogram();
    EventCodec codec = new EventCodec();
    AtomicLong seq = new AtomicLong();
    LongAdder requests = new LongAdder();
    LongAdder wireBytes = new LongAdder();
    LongAdder failures = new LongAdder();
    try (HeapSampler heap = new HeapSampler();
        NaiveClient client =
            new NaiveClient(endpoint, "stb-telemetry", Pem.trustStore(caPem), threads)) {
      long start = System.nanoTime();
      Producers.Outcome produced =
          Producers.run(
              threads,
              duration,
              rate,
              event -> {
                byte[] line = codec.encode(event, seq.getAndIncrement());
                long t0 = System.nanoTime();
                requests.increment();
                try {
                  wireBytes.add(client.post(line));
                } catch (IOException e) {
                  failures.increment();
                  return true;
                }
                latency.record((System.nanoTime() - t0) / 1000);
                return true;
              });
      double seconds = (System.nanoTime() - start) / 1e9;
      return new HydrantLoad.ClientRun(
          produced.accepted(),
          seconds,
          true,
          produced.accepted() - failures.sum(),
          failures.sum(),
          requests.sum(),
          wireBytes.sum(),
          latency.percentile(50),
          latency.percentile(99),
          heap.peak(),
          produced.cpuNanos());
    }
  }
}
