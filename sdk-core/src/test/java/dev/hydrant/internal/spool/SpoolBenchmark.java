package dev.hydrant.internal.spool;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the spool by hand (not part of the test suite; no timed assertions anywhere): append
 * throughput per durability mode with 1 and 4 producers of 300-byte events, bytes on disk per
 * event, and open (recovery) time of a 100 MB spool.
 *
 * <p>Argument: a scratch directory on the file system to measure (deleted afterwards).
 */
public final class SpoolBenchmark {
  static final int LINE_BYTES = 300;
  static final long RUN_NANOS = 3_000_000_000L;

  private SpoolBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createDirectories(Path.of(args[0]));
    for (SpoolDurability durability : SpoolDurability.values()) {
      for (int producers : new int[] {1, 4}) {
        Path dir = root.resolve(durability + "-" + producers);
        throughput(dir, durability, producers);
        delete(dir);
      }
    }
    recovery(root.resolve("recovery"));
    delete(root.resolve("recovery"));
  }

  static void throughput(Path dir, SpoolDurability durability, int producers) throws Exception {
    SpoolConfig config = SpoolConfig.builder(dir).maxBytes(1L << 30).durability(durability).build();
    AtomicLong events = new AtomicLong();
    long bytes;
    long elapsed;
    try (DiskSpool spool = DiskSpool.open(config, BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
      Thread[] threads = new Thread[producers];
      long start = System.nanoTime();
      for (int t = 0; t < producers; t++) {
        String device = "stb-000" + t;
        threads[t] =
            new Thread(
                () -> {
                  try {
                    for (long seq = 0; System.nanoTime() - start < RUN_NANOS; seq++) {
                      spool.append(device, seq, System.currentTimeMillis(), line(seq));
                      events.incrementAndGet();
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      elapsed = System.nanoTime() - start;
      bytes = spool.diskBytes();
    }
    System.out.printf(
        "%-12s producers=%d: %,10.0f events/s, %.1f bytes on disk per %d-byte event%n",
        durability,
        producers,
        events.get() * 1e9 / elapsed,
        (double) bytes / events.get(),
        LINE_BYTES);
  }

  static void recovery(Path dir) throws Exception {
    SpoolConfig config = SpoolConfig.builder(dir).maxBytes(1L << 30).build();
    long n = 0;
    try (DiskSpool spool = DiskSpool.open(config, BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
      while (spool.diskBytes() < 100L * 1024 * 1024) {
        spool.append("stb-0001", n, System.currentTimeMillis(), line(n++));
      }
    }
    for (int run = 0; run < 3; run++) {
      long start = System.nanoTime();
      try (DiskSpool spool =
          DiskSpool.open(config, BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
            "open of a %,d-byte spool (%,d events): %d ms%n", spool.diskBytes(), n, ms);
      }
    }
  }

  static byte[] line(long seq) {
    return SpoolTesting.line(seq, LINE_BYTES);
  }

  static void delete(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
