package dev.hydrant.benchmarks;

import dev.hydrant.Route;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.Retention;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Start-up and idle cost of a Hydrant client, each measurement in a fresh child JVM ({@link
 * StartupProbe}) against a local emulator in this JVM, repeated and summarised by the median: time
 * from {@code HydrantClient.builder()} to {@code build()} and to the first acknowledgement with
 * {@code linger(ZERO)}, classes loaded by {@code build()} (and up to the first acknowledgement),
 * and the live heap an idle client adds.
 *
 * <pre>
 * java -cp sdk-benchmarks/target/benchmarks.jar dev.hydrant.benchmarks.StartupBenchmark \
 *     --runs 10 --route batch --child-jvm-args "-Xmx16m -XX:+UseSerialGC"
 * </pre>
 *
 * <p>Options: {@code --runs N} (default 7), {@code --route batch|single} (default batch), {@code
 * --settle-ms N} (idle time before the idle heap is read, default 1000), {@code --child-jvm-args
 * "..."}, {@code --child-cpus LIST} ({@code taskset -c}), {@code --cds} (see below). Exit status 1
 * if a probe failed, 2 on a bad command line.
 *
 * <p>With {@code --cds} the children start from an application class-data sharing archive, as a
 * device image built with one would: a first, uncounted training child runs the probe with {@code
 * -XX:ArchiveClassesAtExit}, then every measured child gets {@code -XX:SharedArchiveFile} and
 * {@code -Xshare:on} (so a child that cannot map the archive fails instead of measuring without
 * it). The archive lives in a temporary directory, deleted at the end.
 */
public final class StartupBenchmark {
  static final String USAGE =
      "usage: StartupBenchmark [--runs 7] [--route batch|single] [--settle-ms 1000]"
          + " [--child-jvm-args \"-Xmx16m -XX:+UseSerialGC\"] [--child-cpus 0] [--cds]";

  private StartupBenchmark() {}

  /**
   * The command line.
   *
   * @param runs child JVMs to start, one measurement each
   * @param route the proxy route
   * @param settleMillis idle time before the idle heap is read
   * @param jvm how each child is started
   * @param cds whether the children start from an application CDS archive made by a training child
   */
  record Options(int runs, Route route, long settleMillis, ChildJvm jvm, boolean cds) {

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException naming the bad option and value
     */
    static Options parse(String... args) {
      int runs = 7;
      Route route = Route.BATCH;
      long settle = 1000;
      Optional<String> cpus = Optional.empty();
      List<String> jvmArgs = List.of();
      boolean cds = false;
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (option.equals("--cds")) {
          cds = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value; " + USAGE);
        }
        String value = args[++i];
        switch (option) {
          case "--runs":
            runs = number(option, value, 1, 1000);
            break;
          case "--route":
            route = LoadOptions.route(value);
            break;
          case "--settle-ms":
            settle = number(option, value, 0, 600_000);
            break;
          case "--child-jvm-args":
            jvmArgs = ChildJvm.splitJvmArgs(value);
            break;
          case "--child-cpus":
            cpus = Optional.of(ChildJvm.cpuList(option, value));
            break;
          default:
            throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
        }
      }
      return new Options(runs, route, settle, new ChildJvm(Optional.empty(), cpus, jvmArgs), cds);
    }

    private static int number(String option, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value.trim());
        if (n < min || n > max) {
          throw new IllegalArgumentException(
              option + " must be " + min + " to " + max + ": " + value);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number: " + value, e);
      }
    }
  }

  /** Runs the probes; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
      options.jvm().check();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(LoadBenchmark.machine());
    System.out.printf(
        Locale.ROOT,
        "options: runs=%d, route=%s, settle=%d ms, child: %s%s%n",
        options.runs(),
        options.route(),
        options.settleMillis(),
        options.jvm(),
        options.cds() ? ", application CDS archive from a training child" : "");
    List<StartupProbe.Result> results = new ArrayList<>();
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .streams("stb-telemetry")
            .retention(Retention.COUNTERS)
            .build()
            .start()) {
      Path ca = Files.createTempFile("hydrant-startup-ca", ".pem");
      Path cdsDir = options.cds() ? Files.createTempDirectory("hydrant-startup-cds") : null;
      try {
        Files.writeString(ca, emulator.caCertificatePem(), StandardCharsets.US_ASCII);
        ChildJvm jvm = options.jvm();
        if (cdsDir != null) {
          jvm = trainArchive(options, emulator, ca, cdsDir.resolve("hydrant-startup.jsa"));
        }
        for (int run = 1; run <= options.runs(); run++) {
          StartupProbe.Result r = probe(jvm, options, emulator, ca);
          System.out.printf(
              Locale.ROOT,
              "run %d: build %.1f ms, first ack %.1f ms, classes %d (build) %d (first ack),"
                  + " heap %.2f MiB built, %.2f MiB idle (%.2f MiB strongly reachable), load %.2f%n",
              run,
              r.buildMillis(),
              r.firstAckMillis(),
              r.buildClasses(),
              r.firstAckClasses(),
              r.builtHeapBytes() / MIB,
              r.idleHeapBytes() / MIB,
              r.idleStrongHeapBytes() / MIB,
              LoadBenchmark.loadAverage());
          results.add(r);
        }
      } finally {
        Files.deleteIfExists(ca);
        if (cdsDir != null) {
          Files.deleteIfExists(cdsDir.resolve("hydrant-startup.jsa"));
          Files.deleteIfExists(cdsDir);
        }
      }
    }
    System.out.println();
    System.out.println(table(results));
  }

  private static final double MIB = 1024.0 * 1024.0;

  /**
   * Runs one uncounted probe that writes an application CDS archive of every class it loaded to
   * {@code archive} when it exits, and returns the child JVM that starts from it.
   *
   * @throws IllegalStateException if the child wrote no archive
   */
  private static ChildJvm trainArchive(
      Options options, FirehoseEmulator emulator, Path ca, Path archive)
      throws IOException, InterruptedException {
    StartupProbe.Result training =
        probe(
            options.jvm().withJvmArgs(List.of("-XX:ArchiveClassesAtExit=" + archive)),
            options,
            emulator,
            ca);
    if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
      throw new IllegalStateException("the training child wrote no CDS archive to " + archive);
    }
    System.out.printf(
        Locale.ROOT,
        "training run (not counted): first ack %.1f ms; archive %.1f MiB%n",
        training.firstAckMillis(),
        Files.size(archive) / MIB);
    return options.jvm().withJvmArgs(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
  }

  private static StartupProbe.Result probe(
      ChildJvm jvm, Options options, FirehoseEmulator emulator, Path ca)
      throws IOException, InterruptedException {
    List<String> command =
        jvm.command(
            StartupProbe.class,
            List.of(
                emulator.endpoint().toString(),
                ca.toString(),
                options.route().name(),
                Long.toString(options.settleMillis())));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    // A benchmark stopped with Ctrl-C or kill takes its child with it.
    Thread stopChild = new Thread(child::destroyForcibly, "stop-child-jvm");
    Runtime.getRuntime().addShutdownHook(stopChild);
    String output;
    int status;
    try {
      output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      status = child.waitFor();
    } finally {
      Runtime.getRuntime().removeShutdownHook(stopChild);
    }
    for (String line : output.split("\n")) {
      if (line.startsWith(StartupProbe.PREFIX) && status == 0) {
        return StartupProbe.Result.parse(line.substring(StartupProbe.PREFIX.length()));
      }
    }
    System.err.println("probe JVM (" + jvm + ") exited " + status + ":\n" + output);
    System.exit(1);
    throw new IllegalStateException("unreachable");
  }

  /** Median, lowest and highest of each figure, as a Markdown table. */
  static String table(List<StartupProbe.Result> results) {
    StringBuilder out = new StringBuilder();
    out.append("| figure | median | min | max |\n|---|---|---|---|\n");
    row(out, results, "build() ms", StartupProbe.Result::buildMillis, "%.1f");
    row(out, results, "builder() to first ack ms", StartupProbe.Result::firstAckMillis, "%.1f");
    row(out, results, "classes loaded by build()", r -> r.buildClasses(), "%.0f");
    row(out, results, "classes loaded to first ack", r -> r.firstAckClasses(), "%.0f");
    row(out, results, "heap added, built MiB", r -> r.builtHeapBytes() / MIB, "%.2f");
    row(out, results, "heap added, idle after first ack MiB", r -> r.idleHeapBytes() / MIB, "%.2f");
    row(
        out,
        results,
        "heap added, idle, strongly reachable MiB",
        r -> r.idleStrongHeapBytes() / MIB,
        "%.2f");
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      List<StartupProbe.Result> results,
      String name,
      ToDoubleFunction<StartupProbe.Result> figure,
      String format) {
    double[] values = results.stream().mapToDouble(figure).sorted().toArray();
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | " + format + " | " + format + " | " + format + " |%n",
            name,
            median(values),
            values[0],
            values[values.length - 1]));
  }

  /** The median of sorted {@code values}: the middle one, or the mean of the two middle ones. */
  static double median(double[] values) {
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
