package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.tls.Trust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recovery after an outage under mixed faults (throttling masked as 200, failed batch entries and
 * 429s at 25 % each): with the default backoff, every accepted event is acknowledged within seconds
 * of the outage's end, for several fault seeds. Prints the distribution.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutageRecoveryTest {
  private static final int EVENTS = 2_000;
  private static final int SEEDS = 5;
  private static final Duration OUTAGE = Duration.ofSeconds(3);

  /** Well under the tens of seconds (or the stall) a group held hostage by one record caused. */
  private static final long RECOVERY_BOUND_MILLIS = 30_000;

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @Test
  void everyEventIsAcknowledgedWithinSecondsOfTheOutageEndingForEverySeed() {
    List<Long> recoveries = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      recoveries.add(recoveryMillis(seed));
    }
    List<Long> sorted = new ArrayList<>(recoveries);
    Collections.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "Outage of %d ms under mixed faults, %d events, default backoff: outage end to everything"
            + " acknowledged, per seed %s ms; min %d, median %d, max %d ms%n",
        OUTAGE.toMillis(),
        EVENTS,
        recoveries,
        sorted.get(0),
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1));
    for (long r : recoveries) {
      assertTrue(r <= RECOVERY_BOUND_MILLIS, "recovered in " + recoveries + " ms");
    }
  }

  private long recoveryMillis(long seed) {
    EMULATOR.emulator().reset();
    long installedAt = System.nanoTime();
    EMULATOR
        .emulator()
        .faults(
            Faults.builder()
                .seed(seed)
                .maskedErrorRate(0.25)
                .partialFailureRate(0.25)
                .throttleRate(0.25)
                .outage(Duration.ofMillis(200), OUTAGE)
                .build());
    long outageEnd = installedAt + Duration.ofMillis(200).plus(OUTAGE).toNanos();
    HydrantClientTest.RecordingListener listener = new HydrantClientTest.RecordingListener();
    HydrantClient client =
        HydrantClient.builder()
            .endpoint(EMULATOR.endpoint())
            .deliveryStream("stb-telemetry")
            .route(Route.BATCH)
            .trust(Trust.pem(EMULATOR.caCertificatePem()))
            .batchMaxRecords(50)
            .aggregation(false)
            .linger(Duration.ofMillis(20))
            .bufferMaxEvents(50_000)
            .listener(listener)
            .build();
    try {
      DeviceContext device = DeviceContext.builder("stb-outage-" + seed).build();
      for (int i = 0; i < EVENTS; i++) {
        assertTrue(
            client.send(
                VideoQualityEvent.builder(device)
                    .playbackState(PlaybackState.PLAYING)
                    .bitrateKbps(1_000 + i)
                    .build()));
      }
      assertTrue(client.flush(Duration.ofSeconds(50)), "flush in time");
      long done = System.nanoTime();
      assertEquals(EVENTS, listener.deliveredSeqs().stream().distinct().count());
      assertEquals(List.of(), listener.failed);
      return Math.max(0, (done - outageEnd) / 1_000_000);
    } finally {
      client.close(Duration.ofSeconds(2));
    }
  }
}
