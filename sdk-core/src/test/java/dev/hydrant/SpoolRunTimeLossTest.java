package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testing.EmulatorClients;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A spool segment that vanishes while the client runs (a temp cleaner, an operator). */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpoolRunTimeLossTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @TempDir Path dir;

  private final DeviceContext device = DeviceContext.builder("stb-runtime-loss-1").build();
  private final List<HydrantClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    for (HydrantClient c : clients) {
      c.close(Duration.ofSeconds(2));
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
      return files.filter(p -> p.toString().endsWith(".hsp")).sorted().toList();
    }
  }

  private HydrantClient client() {
    HydrantClient client =
        EmulatorClients.builder(EMULATOR)
            .spoolDirectory(dir.resolve("spool"))
            .spoolMaxBytes(32L * 1024 * 1024) // 8 MiB segments
            .maxInFlight(1)
            .build();
    clients.add(client);
    return client;
  }

  /** Sends batches of 500 events until the spool has {@code count} segments; returns how many. */
  private int fill(HydrantClient client, int count) throws IOException {
    int sent = 0;
    while (segments().size() < count) {
      for (int i = 0; i < 500; i++) {
        assertTrue(
            client.send(
                VideoQualityEvent.builder(device)
                    .playbackState(PlaybackState.PLAYING)
                    .sessionId("s-" + i)
                    .bitrateKbps(1_000 + i)
                    .build()));
      }
      sent += 500;
    }
    return sent;
  }

  @Test
  void aRecoveredSegmentDeletedWhileTheNextClientRunsIsReportedLostAndEverythingElseIsDelivered()
      throws Exception {
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    int sent = fill(client(), 3);
    clients.get(0).close(Duration.ofMillis(200));
    HydrantClient client = client();
    // The new client reads the first recovered segment (a request takes at most 4 MiB).
    Files.delete(segments().get(1));
    EMULATOR.emulator().faults(Faults.none());

    boolean flushed = client.flush(Duration.ofSeconds(30));
    HydrantMetrics m = client.metrics();
    long dropped = m.droppedByReason().values().stream().mapToLong(Long::longValue).sum();
    assertTrue(flushed, "flush: delivered " + m.delivered() + " dropped " + m.droppedByReason());
    assertEquals(sent, m.delivered() + dropped, "delivered + dropped = accepted by both clients");
    assertEquals(dropped, m.droppedByReason().get(DropReason.SEGMENT_MISSING), "reason");
  }

  @Test
  void aSegmentDeletedWhileTheClientRunsIsReportedLostAndEverythingElseIsDelivered()
      throws Exception {
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    HydrantClient client = client();
    int sent = fill(client, 3);
    List<Path> before = segments();
    // The reader is still in the first: a request takes at most 4 MiB.
    Files.delete(before.get(1));
    EMULATOR.emulator().faults(Faults.none());

    boolean flushed = client.flush(Duration.ofSeconds(30));
    HydrantMetrics m = client.metrics();
    long dropped = m.droppedByReason().values().stream().mapToLong(Long::longValue).sum();
    long failed = m.failedByReason().values().stream().mapToLong(Long::longValue).sum();
    assertTrue(
        flushed,
        "flush: delivered "
            + m.delivered()
            + " failed "
            + failed
            + " dropped "
            + m.droppedByReason()
            + " of "
            + sent);
    assertEquals(sent, m.delivered() + failed + dropped, "delivered + failed + dropped = accepted");
    assertTrue(dropped > 0, "the vanished segment's events are reported lost: " + before + " " + m);
    assertEquals(dropped, m.droppedByReason().get(DropReason.SEGMENT_MISSING), "reason");
  }
}
