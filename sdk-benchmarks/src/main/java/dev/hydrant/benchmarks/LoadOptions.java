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
 * @param clients the clients to run, in this order, for each row (latency, threads)
 * @param svg where to write the throughput chart, if anywhere
 * @param childHeap if present, the {@code -Xmx} value of a child JVM each client run happens in
 * @param childCpus if present, the {@code taskset -c} CPU list each client's child JVM is pinned to
 * @param childJvmArgs further flags for each client's child JVM
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
    List<ClientKind> clients,
    Optional<Path> svg,
    Optional<String> childHeap,
    Optional<String> childCpus,
    List<String> childJvmArgs,
    List<Integer> inFlight) {

  static final String USAGE =
      "usage: LoadBenchmark [--threads 1,2,4,8] [--duration 10s] [--warmup 3s]"
          + " [--latency-ms 0,50]"
          + " [--rate EVENTS_PER_S] [--route batch|single] [--buffer-max-bytes N]"
          + " [--batch-max-bytes N] [--clients hydrant,naive,awssdk] [--no-naive] [--svg FILE]"
          + " [--child-heap 32m] [--child-cpus 0] [--child-jvm-args \"-XX:TieredStopAtLevel=1\"]"
          + " [--in-flight 1,2]";

  LoadOptions {
    threads = List.copyOf(threads);
    latenciesMillis = List.copyOf(latenciesMillis);
    inFlight = List.copyOf(inFlight);
    clients = List.copyOf(clients);
    childJvmArgs = List.copyOf(childJvmArgs);
  }

  /** Whether the naive baseline runs. */
  boolean naive() {
    return clients.contains(ClientKind.NAIVE);
  }

  /** How each client's child JVM is started; {@link ChildJvm#wanted()} is false for none. */
  ChildJvm childJvm() {
    return new ChildJvm(childHeap, childCpus, childJvmArgs);
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
    List<ClientKind> clients = List.of(ClientKind.values());
    Optional<String> childCpus = Optional.empty();
    List<String> childJvmArgs = List.of();
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
        case "--clients":
          clients = new ArrayList<>();
          for (String label : value.split(",", -1)) {
            ClientKind kind = ClientKind.parse(label);
            if (!clients.contains(kind)) {
              clients.add(kind);
            }
          }
          break;
        case "--child-cpus":
          childCpus = Optional.of(ChildJvm.cpuList(option, value));
          break;
        case "--child-jvm-args":
          childJvmArgs = ChildJvm.splitJvmArgs(value);
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
    List<ClientKind> chosen =
        naive ? clients : clients.stream().filter(c -> c != ClientKind.NAIVE).toList();
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no client left to run (--clients and --no-naive)");
    }
    return new LoadOptions(
        threads,
        duration,
        warmup,
        latencies,
        rate,
        new ClientSettings(route, bufferMaxBytes, batchMaxBytes, 0),
        chosen,
        svg,
        childHeap,
        childCpus,
        childJvmArgs,
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

  static Route route(String value) {
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
