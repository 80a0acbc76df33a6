package dev.hydrant.benchmarks;

import dev.hydrant.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The load benchmark's command line.
 *
 * @param threads producer thread counts, each run in turn
 * @param duration how long producers send in each run
 * @param warmup how long each client runs, unreported, before the measured runs (zero: none)
 * @param latenciesMillis emulator latencies to run with, in ms (0 = loopback only)
 * @param rate total events per second the producers are paced to, 0 for as fast as possible
 * @param client the Hydrant client's route and memory settings
 * @param naive whether to run the naive baseline after each Hydrant run
 * @param svg where to write the throughput chart, if anywhere
 * @param childHeap if present, the {@code -Xmx} value of a child JVM each Hydrant run happens in
 * @param inFlight the {@code maxInFlight} values to run Hydrant with, each in turn; empty for the
 *     library default only
 */
record LoadOptions(
    List<Integer> threads,
    Duration duration,
    Duration warmup,
    List<Long> latenciesMillis,
    long rate,
    ClientSettings client,
    boolean naive,
    Optional<Path> svg,
    Optional<String> childHeap,
    List<Integer> inFlight) {

  static final String USAGE =
      "usage: LoadBenchmark [--threads 1,2,4,8] [--duration 10s] [--warmup 3s]"
          + " [--latency-ms 0,50]"
          + " [--rate EVENTS_PER_S] [--route batch|single] [--buffer-max-bytes N]"
          + " [--batch-max-bytes N] [--no-naive] [--svg FILE]"
          + " [--child-heap 32m] [--in-flight 1,2]";

  LoadOptions {
    threads = List.copyOf(threads);
    latenciesMillis = List.copyOf(latenciesMillis);
    inFlight = List.copyOf(inFlight);
  }

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException naming the bad option and value
   */
  static LoadOptions parse(String... args) {
    List<Integer> threads = List.of(1, 2, 4, 8);
    Duration duration = Duration.ofSeconds(10);
    Duration warmup = Duration.ofSeconds(3);
    List<Long> latencies = List.of(0L, 50L);
    long rate = 0;
    Route route = Route.BATCH;
    long bufferMaxBytes = 0;
    long batchMaxBytes = 0;
    boolean naive = true;
    Optional<Path> svg = Optional.empty();
    Optional<String> childHeap = Optional.empty();
    List<Integer> inFlight = List.of();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--no-naive")) {
        naive = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (option) {
        case "--threads":
          threads = new ArrayList<>();
          for (long n : longs(option, value)) {
            if (n < 1 || n > 1024) {
              throw new IllegalArgumentException("--threads must be 1 to 1024: " + value);
            }
            threads.add((int) n);
          }
          break;
        case "--duration":
          duration = duration(value);
          break;
        case "--warmup":
          warmup = value.trim().equals("0") ? Duration.ZERO : duration(value);
          break;
        case "--latency-ms":
          latencies = longs(option, value);
          break;
        case "--rate":
          rate = longs(option, value).get(0);
          break;
        case "--route":
          route = route(value);
          break;
        case "--buffer-max-bytes":
          bufferMaxBytes = longs(option, value).get(0);
          break;
        case "--batch-max-bytes":
          batchMaxBytes = longs(option, value).get(0);
          break;
        case "--svg":
          svg = Optional.of(Path.of(value));
          break;
        case "--child-heap":
          if (!value.matches("[0-9]+[kmgKMG]?")) {
            throw new IllegalArgumentException(
                "--child-heap must be a -Xmx size such as 32m: " + value);
          }
          childHeap = Optional.of(value);
          break;
        case "--in-flight":
          inFlight = new ArrayList<>();
          for (long n : longs(option, value)) {
            if (n < 1 || n > 16) {
              throw new IllegalArgumentException("--in-flight must be 1 to 16: " + value);
            }
            inFlight.add((int) n);
          }
          break;
        default:
          throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
      }
    }
    return new LoadOptions(
        threads,
        duration,
        warmup,
        latencies,
        rate,
        new ClientSettings(route, bufferMaxBytes, batchMaxBytes, 0),
        naive,
        svg,
        childHeap,
        inFlight);
  }

  /** Parses {@code 10s}, {@code 500ms} or {@code 2m}. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else {
        throw new IllegalArgumentException("--duration needs a unit (ms, s or m): " + text);
      }
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("--duration must be positive: " + text);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--duration is not a number with a unit: " + text, e);
    }
  }

  private static List<Long> longs(String option, String value) {
    List<Long> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      try {
        long n = Long.parseLong(part.trim());
        if (n < 0) {
          throw new IllegalArgumentException(option + " must not be negative: " + value);
        }
        out.add(n);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + " needs numbers separated by commas: " + value, e);
      }
    }
    return out;
  }

  private static Route route(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "batch":
        return Route.BATCH;
      case "single":
        return Route.SINGLE;
      default:
        throw new IllegalArgumentException("--route must be batch or single: " + value);
    }
  }
}
