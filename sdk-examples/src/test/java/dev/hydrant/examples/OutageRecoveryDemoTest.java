package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo against the embedded emulator's {@code outage-mixed} faults, once per seed: a 3 s outage
 * (503), then throttling masked as 200, failed batch entries and 429s on a quarter of the requests
 * each. Every run must end with every accepted event acknowledged and verified; the time from the
 * outage's end to that point is printed as a distribution. (It is an upper bound: the outage starts
 * when the emulator starts, a moment before the demo's clock.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OutageRecoveryDemoTest {
  private static final int SEEDS = 5;

  /** A correctness bound far above the seconds expected: the old engine took up to a minute. */
  private static final long RECOVERY_BOUND_MILLIS = 30_000;

  @Test
  void everyRunAcknowledgesEverythingSecondsAfterTheOutageEnds() throws Exception {
    List<Long> recoveries = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          HydrantDemo.run(
              new String[] {
                "produce",
                "--faults",
                "outage-mixed",
                "--seed",
                Long.toString(seed),
                "--route",
                "batch",
                "--events",
                "20000",
                "--rate",
                "20000",
                "--devices",
                "20",
                "--linger",
                "50ms",
                "--json"
              },
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      String text = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
      JsonNode json = new ObjectMapper().readTree(text);
      assertTrue(json.get("ok").asBoolean(), text);
      assertEquals(20_000, json.get("events_accepted").asLong(), text);
      assertEquals(20_000, json.get("events_acknowledged").asLong(), text);
      assertEquals(20_000, json.get("events_verified").asLong(), text);
      assertEquals(0, json.get("events_missing").asLong(), text);
      assertEquals(0, json.get("events_failed").asLong(), text);
      assertTrue(json.get("retries").asLong() > 0, "the faults must have caused retries: " + text);
      long outageMillis = FaultPresets.MIXED_OUTAGE_SECONDS * 1000L;
      recoveries.add(Math.max(0, json.get("elapsed_ms").asLong() - outageMillis));
    }
    List<Long> sorted = new ArrayList<>(recoveries);
    Collections.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "hydrant-demo --faults outage-mixed (%d s outage), 20,000 events, %d seeds: outage end to"
            + " everything acknowledged %s ms; min %d, median %d, max %d ms%n",
        FaultPresets.MIXED_OUTAGE_SECONDS,
        SEEDS,
        recoveries,
        sorted.get(0),
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1));
    for (long r : recoveries) {
      assertTrue(r <= RECOVERY_BOUND_MILLIS, "recovered in " + recoveries + " ms");
    }
  }
}
