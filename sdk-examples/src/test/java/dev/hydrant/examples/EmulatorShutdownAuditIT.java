package dev.hydrant.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone emulator as a real process: the demo produces into it, SIGTERM stops it, and what
 * it still buffered lands in {@code --out}; {@code audit} then finds every accepted event, none
 * lost.
 */
@Timeout(180)
class EmulatorShutdownAuditIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void sigtermWritesTheBufferedObjectsAndTheDemoRunAuditsClean() throws Exception {
    Path out = dir.resolve("s3");
    Path ca = dir.resolve("ca.pem");
    Path log = dir.resolve("emulator.txt");
    long accepted;
    Process emulator =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                DemoProcess.jar().toString(),
                "emulator",
                "--out",
                out.toString(),
                "--cert-out",
                ca.toString(),
                // Neither age nor size may write an object during the test: only shutdown does.
                "--buffer-interval",
                "600s",
                "--buffer-size",
                "1000000000")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(log, StandardCharsets.UTF_8).contains("Ctrl-C to stop."));
      String endpoint =
          Files.readString(log, StandardCharsets.UTF_8)
              .lines()
              .filter(l -> l.startsWith("endpoint "))
              .findFirst()
              .orElseThrow()
              .substring("endpoint ".length())
              .strip();

      DemoProcess.Result produced =
          DemoProcess.run(
              dir,
              TIMEOUT,
              "produce",
              "--endpoint",
              endpoint,
              "--trust",
              ca.toString(),
              "--devices",
              "5",
              "--duration",
              "2s",
              "--json");
      assertEquals(0, produced.exitCode(), produced::toString);
      accepted = produced.json().get("events_accepted").asLong();
      assertTrue(accepted > 100, produced::toString);
      assertEquals(List.of(), files(out), "nothing written before shutdown");

      emulator.destroy(); // SIGTERM
      assertTrue(emulator.waitFor(30, TimeUnit.SECONDS), "emulator stopped on SIGTERM");
    } finally {
      emulator.destroyForcibly();
    }

    assertTrue(files(out).size() >= 1, "objects written on shutdown");
    DemoProcess.Result audit = DemoProcess.run(dir, TIMEOUT, "audit", out.toString(), "--json");
    assertEquals(0, audit.exitCode(), audit::toString);
    JsonNode report = audit.json();
    assertTrue(report.get("clean").asBoolean(), audit::toString);
    assertEquals(0, report.get("events_lost").asLong(), audit::toString);
    assertEquals(0, report.get("unreadable_lines").asLong(), audit::toString);
    assertEquals(5, report.get("devices").asLong(), audit::toString);
    assertEquals(accepted, report.get("events_unique").asLong(), audit::toString);
    assertTrue(report.get("latency_max_ms").asLong() >= 0, audit::toString);
  }

  private static List<Path> files(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
