package dev.hydrant.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of a load run in its own JVM ({@link ChildJvm}: heap limit, JVM flags, CPU
 * pinning), so that only the client's memory and CPU are measured and the emulator in the parent
 * does not share its core. Started by {@link LoadBenchmark} for every client of every row when a
 * {@code --child-*} option is given.
 *
 * <p>The child warms up first when asked (an unreported, shorter run of the same client with the
 * same threads and rate), prints {@value #WARMED} and waits for a line on standard input, so the
 * parent can clear the emulator's counters; then it runs the measured load, prints one line
 * starting with {@value #PREFIX}, measures the {@link Floor} in the same JVM and prints it on a
 * line starting with {@link Floor#PREFIX}.
 *
 * <p>Arguments: client kind, proxy URI, Firehose API URI, CA certificate PEM file, threads,
 * duration in ms, rate (events/s, 0 for unpaced), latency in ms, warm-up in ms, then the four words
 * of {@link ClientSettings#toArgs()}.
 */
public final class ChildProducer {
  /** Prefix of the result line on standard output. */
  static final String PREFIX = "CHILD-RESULT ";

  /** The line that says the warm-up is over and the child waits to go on. */
  static final String WARMED = "CHILD-WARMED";

  private static final int ARGS = 13;

  private ChildProducer() {}

  /** Runs one client load and prints its result and the floor. */
  public static void main(String[] args) throws Exception {
    if (args.length != ARGS) {
      System.err.println(
          "usage: ChildProducer hydrant|naive|awssdk PROXY FIREHOSE CA_PEM_FILE THREADS MILLIS"
              + " RATE LATENCY_MS WARMUP_MS ROUTE BUFFER_MAX_BYTES BATCH_MAX_BYTES MAX_IN_FLIGHT");
      System.exit(2);
      return;
    }
    ClientKind kind = ClientKind.parse(args[0]);
    ClientKind.Target target =
        new ClientKind.Target(
            URI.create(args[1]),
            URI.create(args[2]),
            Files.readString(Path.of(args[3]), StandardCharsets.US_ASCII));
    int threads = Integer.parseInt(args[4]);
    Duration duration = Duration.ofMillis(Long.parseLong(args[5]));
    long rate = Long.parseLong(args[6]);
    long latency = Long.parseLong(args[7]);
    long warmup = Long.parseLong(args[8]);
    ClientSettings settings = ClientSettings.fromArgs(args, 9);
    if (warmup > 0) {
      kind.run(target, settings, threads, Duration.ofMillis(warmup), rate, latency);
      System.out.println(WARMED);
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
    HydrantLoad.ClientRun run = kind.run(target, settings, threads, duration, rate, latency);
    System.out.println(PREFIX + run.toLine());
    System.out.println(Floor.PREFIX + Floor.measure().toLine());
  }

  /**
   * What a child reported: the measured run, and the floor in the same JVM.
   *
   * @param run the client's run
   * @param floor the floor measured after it
   */
  record Outcome(HydrantLoad.ClientRun run, Floor floor) {}

  /**
   * Runs one client in a child JVM and returns what it reported.
   *
   * @param warmed called when the child's warm-up is over, before it goes on (clears the counters)
   * @throws IOException if the child fails or prints no result (its output is included)
   */
  static Outcome runChild(
      ChildJvm jvm,
      ClientKind kind,
      ClientKind.Target target,
      ClientSettings settings,
      int threads,
      Duration duration,
      long rate,
      long latencyMillis,
      Duration warmup,
      Runnable warmed)
      throws IOException, InterruptedException {
    Path ca = Files.createTempFile("hydrant-bench-ca", ".pem");
    try {
      Files.writeString(ca, target.caPem(), StandardCharsets.US_ASCII);
      List<String> args = new ArrayList<>();
      args.add(kind.label());
      args.add(target.proxy().toString());
      args.add(target.firehose().toString());
      args.add(ca.toString());
      args.add(Integer.toString(threads));
      args.add(Long.toString(duration.toMillis()));
      args.add(Long.toString(rate));
      args.add(Long.toString(latencyMillis));
      args.add(Long.toString(warmup.toMillis()));
      args.addAll(List.of(settings.toArgs()));
      Process child =
          new ProcessBuilder(jvm.command(ChildProducer.class, args))
              .redirectErrorStream(true)
              .start();
      // A benchmark stopped with Ctrl-C or kill takes its child with it.
      Thread stopChild = new Thread(child::destroyForcibly, "stop-child-jvm");
      Runtime.getRuntime().addShutdownHook(stopChild);
      try {
        return collect(child, jvm, kind, warmed);
      } finally {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      }
    } finally {
      Files.deleteIfExists(ca);
    }
  }

  private static Outcome collect(Process child, ChildJvm jvm, ClientKind kind, Runnable warmed)
      throws IOException, InterruptedException {
    StringBuilder output = new StringBuilder();
    HydrantLoad.ClientRun run = null;
    Floor floor = null;
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        OutputStream toChild = child.getOutputStream()) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals(WARMED)) {
          warmed.run();
          toChild.write('\n');
          toChild.flush();
        } else if (line.startsWith(PREFIX)) {
          run = HydrantLoad.ClientRun.parse(line.substring(PREFIX.length()));
        } else if (line.startsWith(Floor.PREFIX)) {
          floor = Floor.parse(line.substring(Floor.PREFIX.length()));
        } else {
          output.append(line).append('\n');
        }
      }
    }
    int status = child.waitFor();
    if (run == null || floor == null || status != 0) {
      throw new IOException(
          "child JVM (" + jvm + ", " + kind.label() + ") exited " + status + ":\n" + output);
    }
    return new Outcome(run, floor);
  }
}
