package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testing.EmulatorClients;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A send the spool refuses after writing its frame (the fsync failed): seq and accounting. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolRefusedSendTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @TempDir Path dir;

  private final DeviceContext device = DeviceContext.builder("stb-refused-2").build();
  private final List<HydrantClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    for (HydrantClient c : clients) {
      c.close(Duration.ofSeconds(2));
    }
  }

  private VideoQualityEvent event(int i) {
    return VideoQualityEvent.builder(device)
        .playbackState(PlaybackState.PLAYING)
        .sessionId("s")
        .bitrateKbps(2_000 + i)
        .build();
  }

  @Test
  void aRefusedSendWhoseFrameIsStillDeliveredNeverSharesItsSeqWithAnotherEvent() throws Exception {
    Path spool = dir.resolve("spool");
    HydrantClient client =
        EmulatorClients.builder(EMULATOR)
            .spoolDirectory(spool)
            .spoolDurability(SpoolDurability.EVERY_SEND)
            .build();
    clients.add(client);
    for (int i = 0; i < 5; i++) {
      assertTrue(client.send(event(i)));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));

    try (Stream<Path> files = Files.walk(spool)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    assertThrows(SpoolStorageException.class, () -> client.send(event(5)));
    Files.createDirectories(spool);
    for (int i = 6; i < 9; i++) {
      assertTrue(client.send(event(i)));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));

    Map<Long, List<String>> idsBySeq = new HashMap<>();
    for (String line : EMULATOR.deliveredLines()) {
      idsBySeq
          .computeIfAbsent(seq(line), s -> new ArrayList<>())
          .add(line.substring(line.indexOf("\"event_id\":"), line.indexOf("\"event_id\":") + 50));
    }
    HydrantMetrics m = client.metrics();
    for (Map.Entry<Long, List<String>> e : idsBySeq.entrySet()) {
      assertEquals(
          1,
          e.getValue().stream().distinct().count(),
          "seq " + e.getKey() + " names two different events: " + e.getValue() + "; " + m);
    }
    assertTrue(
        m.delivered() <= m.accepted(),
        "delivered " + m.delivered() + " > accepted " + m.accepted());
  }

  private static long seq(String line) {
    int at = line.indexOf("\"seq\":") + 6;
    int end = at;
    while (Character.isDigit(line.charAt(end))) {
      end++;
    }
    return Long.parseLong(line.substring(at, end));
  }
}
