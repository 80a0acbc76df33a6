package dev.hydrant.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Hydrant side of a load run in its own JVM, so that its heap can be limited (for example
 * {@code -Xmx32m}) without the emulator's memory counting against it. Started by {@link
 * LoadBenchmark} with {@code --child-heap}; prints one line starting with {@value #PREFIX}.
 *
 * <p>Arguments: endpoint URI, CA certificate PEM file, threads, duration in ms, rate (events/s, 0
 * for unpaced), then the four words of {@link ClientSettings#toArgs()}.
 */
public final class ChildProducer {
  /** Prefix of the result line on standard output. */
  static final String PREFIX = "CHILD-RESULT ";

  private ChildProducer() {}

  /** Runs one client load and prints its result. */
  public static void main(String[] args) throws Exception {
    if (args.length != 9) {
      System.err.println(
          "usage: ChildProducer ENDPOINT CA_PEM_FILE THREADS MILLIS RATE"
              + " ROUTE BUFFER_MAX_BYTES BATCH_MAX_BYTES MAX_IN_FLIGHT");
      System.exit(2);
      return;
    }
    HydrantLoad.ClientRun run =
        HydrantLoad.run(
            URI.create(args[0]),
            Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII),
            ClientSettings.fromArgs(args, 5),
            Integer.parseInt(args[2]),
            Duration.ofMillis(Long.parseLong(args[3])),
            Long.parseLong(args[4]));
    System.out.println(PREFIX + run.toLine());
  }

  /**
   * Runs a child JVM with the given heap limit and returns its result.
   *
   * @throws IOException if the child fails or prints no result line (its output is included)
   */
  static HydrantLoad.ClientRun runChild(
      String heap,
      URI endpoint,
      String caPem,
      ClientSettings settings,
      int threads,
      Duration duration,
      long rate)
      throws IOException, InterruptedException {
    Path ca = Files.createTempFile("hydrant-bench-ca", ".pem");
    try {
      Files.writeString(ca, caPem, StandardCharsets.US_ASCII);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + heap);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ChildProducer.class.getName());
      command.add(endpoint.toString());
      command.add(ca.toString());
      command.add(Integer.toString(threads));
      command.add(Long.toString(duration.toMillis()));
      command.add(Long.toString(rate));
      command.addAll(List.of(settings.toArgs()));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = child.waitFor();
      for (String line : output.split("\n")) {
        if (line.startsWith(PREFIX)) {
          return HydrantLoad.ClientRun.parse(line.substring(PREFIX.length()));
        }
      }
      throw new IOException("child JVM (-Xmx" + heap + ") exited " + status + ":\n" + output);
    } finally {
      Files.deleteIfExists(ca);
    }
  }
}
