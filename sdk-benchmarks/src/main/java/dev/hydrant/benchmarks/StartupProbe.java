package dev.hydrant.benchmarks;

import dev.hydrant.HydrantClient;
import dev.hydrant.Route;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.tls.Trust;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * One start-up measurement in a fresh JVM, started by {@link StartupBenchmark}: builds a Hydrant
 * client with {@code linger(ZERO)}, sends one event and waits for its acknowledgement, then lets
 * the client sit idle. Prints one line starting with {@value #PREFIX}.
 *
 * <p>Everything the probe itself needs (the CA, the event, the management beans) is loaded before
 * the clock starts, so the class counts and heap figures are the client's. Heap figures are used
 * heap after two {@code System.gc()} calls, so they approximate live data. That still counts softly
 * reachable objects (the JDK keeps caches, such as parsed certificates, behind soft references,
 * which a collection keeps while the heap has room), so the idle figure is given twice: as used
 * after {@code System.gc()}, and strongly reachable only. For the second, once every timed figure
 * is taken, the probe asks for an array larger than the whole heap: the JVM must clear every soft
 * reference before it throws {@link OutOfMemoryError} (the {@link java.lang.ref.SoftReference}
 * contract). The baseline before the client is the used heap after {@code System.gc()}, taken
 * untouched so that the timings start from an ordinary JVM; the soft part of the baseline (the
 * probe's own few objects) is cleared too, so the strong figure may be low by that much.
 *
 * <p>Arguments: endpoint URI, CA certificate PEM file, route ({@code BATCH} or {@code SINGLE}),
 * settle time in ms.
 */
public final class StartupProbe {
  /** Prefix of the result line on standard output. */
  static final String PREFIX = "STARTUP-RESULT ";

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private StartupProbe() {}

  /**
   * What one probe measured.
   *
   * @param buildMillis {@code builder()} to {@code build()} returning, ms
   * @param firstAckMillis {@code builder()} to the first event acknowledged, ms
   * @param buildClasses classes loaded by {@code builder()...build()}
   * @param firstAckClasses classes loaded from {@code builder()} to the first acknowledgement
   * @param builtHeapBytes live heap added by the built client before it sent anything
   * @param idleHeapBytes live heap added by the client, idle after its first acknowledgement and
   *     the settle time
   * @param idleStrongHeapBytes the same, strongly reachable objects only (soft references cleared)
   */
  record Result(
      double buildMillis,
      double firstAckMillis,
      long buildClasses,
      long firstAckClasses,
      long builtHeapBytes,
      long idleHeapBytes,
      long idleStrongHeapBytes) {

    String toLine() {
      return String.format(
          Locale.ROOT,
          "buildMillis=%.3f firstAckMillis=%.3f buildClasses=%d firstAckClasses=%d"
              + " builtHeapBytes=%d idleHeapBytes=%d idleStrongHeapBytes=%d",
          buildMillis,
          firstAckMillis,
          buildClasses,
          firstAckClasses,
          builtHeapBytes,
          idleHeapBytes,
          idleStrongHeapBytes);
    }

    /**
     * Parses {@link #toLine()}.
     *
     * @throws IllegalArgumentException if a field is missing or malformed
     */
    static Result parse(String line) {
      KeyValueLine f = KeyValueLine.parse(line);
      return new Result(
          f.asDouble("buildMillis"),
          f.asDouble("firstAckMillis"),
          f.asLong("buildClasses"),
          f.asLong("firstAckClasses"),
          f.asLong("builtHeapBytes"),
          f.asLong("idleHeapBytes"),
          f.asLong("idleStrongHeapBytes"));
    }
  }

  /** Measures once and prints the result line; exit status 1 if no acknowledgement came. */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: StartupProbe ENDPOINT CA_PEM_FILE BATCH|SINGLE SETTLE_MS");
      System.exit(2);
      return;
    }
    URI endpoint = URI.create(args[0]);
    Trust trust = Trust.pem(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII));
    Route route = Route.valueOf(args[2]);
    long settleMillis = Long.parseLong(args[3]);
    TelemetryEvent event = SampleEvents.VIDEO_QUALITY.create(SampleEvents.device("stb-startup"));
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapBefore = liveHeap(memory);
    long classesBefore = classes.getTotalLoadedClassCount();

    long start = System.nanoTime();
    HydrantClient client =
        HydrantClient.builder()
            .endpoint(endpoint)
            .deliveryStream("stb-telemetry")
            .route(route)
            .trust(trust)
            .linger(Duration.ZERO)
            .build();
    long built = System.nanoTime();
    long buildClasses = classes.getTotalLoadedClassCount() - classesBefore;
    long heapBuilt = liveHeap(memory);
    // The GC above is not part of the time to the first acknowledgement.
    long gcNanos = System.nanoTime() - built;

    client.send(event);
    long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
    while (client.metrics().delivered() == 0) {
      if (System.nanoTime() > deadline) {
        System.err.println("no acknowledgement within " + ACK_TIMEOUT + ": " + client.metrics());
        System.exit(1);
      }
      LockSupport.parkNanos(100_000);
    }
    long acked = System.nanoTime();
    long ackClasses = classes.getTotalLoadedClassCount() - classesBefore;
    LockSupport.parkNanos(settleMillis * 1_000_000);
    long heapIdle = liveHeap(memory);
    clearSoftReferences();
    long heapIdleStrong = liveHeap(memory);
    Result result =
        new Result(
            (built - start) / 1e6,
            (acked - start - gcNanos) / 1e6,
            buildClasses,
            ackClasses,
            heapBuilt - heapBefore,
            heapIdle - heapBefore,
            heapIdleStrong - heapBefore);
    System.out.println(PREFIX + result.toLine());
    client.close();
  }

  /**
   * Makes the JVM clear every soft reference: it must do so before it throws {@link
   * OutOfMemoryError}, and an array larger than the whole heap can never be allocated. Nothing is
   * filled, so this costs a few full collections, not memory.
   *
   * @throws IllegalStateException if the heap is too large for one such array (over 16 GiB), or the
   *     array was allocated after all
   */
  static void clearSoftReferences() {
    long words = Runtime.getRuntime().maxMemory() / Long.BYTES + 1;
    if (words > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "cannot clear soft references with one array in a heap of "
              + Runtime.getRuntime().maxMemory()
              + " bytes; limit it with -Xmx16g or less");
    }
    try {
      long[] larger = new long[(int) words];
      throw new IllegalStateException("an array of " + larger.length + " longs fit in the heap");
    } catch (OutOfMemoryError expected) {
      // Thrown only after every soft reference was cleared: what was asked for.
      return;
    }
  }

  /** Used heap after two full collections. */
  private static long liveHeap(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
