package dev.hydrant.benchmarks;

import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantClientBuilder;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Counts how often each thread of an idle client wakes up: builds a client (memory buffer, or a
 * disk spool with {@code --spool}), delivers one event to the embedded emulator so that a pooled
 * connection exists, then reads every thread's context switches from {@code /proc/self/task} before
 * and after an idle period. Linux only.
 *
 * <pre>
 * java -cp sdk-benchmarks/target/benchmarks.jar dev.hydrant.benchmarks.IdleWakeups [--spool] [seconds]
 * </pre>
 *
 * <p>Prints one line per thread that exists at the end: its name, and its voluntary plus
 * involuntary context switches during the idle period. A thread that sleeps until there is work
 * shows 0.
 */
public final class IdleWakeups {
  private IdleWakeups() {}

  public static void main(String[] args) throws Exception {
    boolean spool = false;
    long seconds = 60;
    for (String a : args) {
      if (a.equals("--spool")) {
        spool = true;
      } else {
        seconds = Long.parseLong(a);
      }
    }
    Path dir = Files.createTempDirectory("hydrant-idle");
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder().streams("stb-telemetry").build().start()) {
      HydrantClientBuilder builder =
          HydrantClient.builder()
              .endpoint(emulator.endpoint())
              .deliveryStream("stb-telemetry")
              .trust(Trust.pem(emulator.caCertificatePem()));
      if (spool) {
        builder.spoolDirectory(dir.resolve("spool"));
      }
      try (HydrantClient client = builder.build()) {
        client.send(SampleEvents.UPTIME.create(SampleEvents.device("stb-idle")));
        if (!client.flush(Duration.ofSeconds(30))) {
          throw new IllegalStateException("the first event was not delivered");
        }
        // The emulator's own threads are counted too; only the client's are of interest.
        Map<String, Long> before = switches();
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        Map<String, Long> after = switches();
        System.out.printf("idle %d s, %s buffer%n", seconds, spool ? "disk spool" : "memory");
        after.forEach(
            (thread, n) ->
                System.out.printf(
                    "  %-40s %6d wake-ups%n", thread, n - before.getOrDefault(thread, 0L)));
      }
    }
  }

  /** Context switches per live thread, keyed by "name (tid)". */
  @SuppressWarnings("RedundantControlFlow") // the continue says a vanished thread is skipped
  private static Map<String, Long> switches() throws IOException {
    Map<String, Long> result = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          long n = 0;
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")
                || line.startsWith("nonvoluntary_ctxt_switches:")) {
              n += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
          }
          result.put(name + " (" + task.getFileName() + ")", n);
        } catch (IOException e) {
          // The thread ended between listing and reading; it has no wake-ups to report.
          continue;
        }
      }
    }
    return result;
  }
}
