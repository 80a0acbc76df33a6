package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testing.EmulatorClients;
import dev.hydrant.testing.LogCapture;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spool damage seen through the client: lost events reach the listener, the metrics and the log,
 * counted in events; a lost sequences file never makes a device's seq go backwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolIntegrityTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @RegisterExtension final LogCapture logs = new LogCapture();

  @TempDir Path dir;

  private final DeviceContext device = DeviceContext.builder("stb-integrity-3").build();
  private final List<HydrantClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    for (HydrantClient c : clients) {
      c.close(Duration.ofSeconds(2));
    }
  }

  /** Every onDropped call: reason and count. */
  static final class Drops implements DeliveryListener {
    final List<Map.Entry<DropReason, Long>> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onDropped(DropReason reason, long count, List<EventRef> events) {
      calls.add(Map.entry(reason, count));
    }
  }

  private HydrantClient client(DeliveryListener listener) {
    HydrantClient c =
        EmulatorClients.builder(EMULATOR)
            .spoolDirectory(dir.resolve("spool"))
            .spoolMaxBytes(8L * 1024 * 1024) // 2 MiB segments
            .listener(listener)
            .build();
    clients.add(c);
    return c;
  }

  private void send(HydrantClient client, int count) {
    for (int i = 0; i < count; i++) {
      assertTrue(
          client.send(
              VideoQualityEvent.builder(device)
                  .playbackState(PlaybackState.PLAYING)
                  .sessionId("s-" + i)
                  .bitrateKbps(1_000 + i)
                  .build()));
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
      return files.filter(p -> p.toString().endsWith(".hsp")).sorted().toList();
    }
  }

  private static Map<Long, Integer> deliveredSeqs() {
    Map<Long, Integer> seqs = new HashMap<>();
    for (String line : EMULATOR.deliveredLines()) {
      int at = line.indexOf("\"seq\":") + 6;
      int end = at;
      while (Character.isDigit(line.charAt(end))) {
        end++;
      }
      seqs.merge(Long.parseLong(line.substring(at, end)), 1, Integer::sum);
    }
    return seqs;
  }

  @Test
  void aMissingSegmentIsReportedInEventsToTheListenerTheMetricsAndTheLog() throws Exception {
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    HydrantClient down = client(new Drops());
    int sent = 0;
    while (segments().size() < 3) {
      send(down, 500);
      sent += 500;
    }
    assertFalse(down.close(Duration.ofMillis(200)));
    List<Path> segments = segments();
    Files.delete(segments.get(1));

    EMULATOR.emulator().faults(Faults.none());
    Drops drops = new Drops();
    HydrantClient up = client(drops);
    assertTrue(up.flush(Duration.ofSeconds(30)));
    long delivered = up.metrics().delivered();
    assertEquals(1, drops.calls.size(), "one report: " + drops.calls);
    assertEquals(DropReason.SEGMENT_MISSING, drops.calls.get(0).getKey());
    long lost = drops.calls.get(0).getValue();
    assertEquals(sent, delivered + lost, "delivered + reported lost = accepted");
    assertTrue(lost > 1_000, "counted in events, not regions: " + lost);
    assertEquals(lost, up.metrics().droppedByReason().get(DropReason.SEGMENT_MISSING));
    assertEquals(
        1,
        logs.lines(LogCapture.at("WARN", lost + " event(s) lost (SEGMENT_MISSING)")).size(),
        "recovery logs the loss");
    assertEquals(1, logs.lines(LogCapture.at("WARN", "dropped " + lost + " event(s)")).size());
    // The loss is reported once: the next start has nothing more to say.
    assertTrue(up.close(Duration.ofSeconds(5)));
    Drops next = new Drops();
    client(next);
    assertEquals(List.of(), next.calls);
  }

  @Test
  void seqNeverGoesBackwardsWhenTheSequencesFileIsLostOnAnEmptySpool() throws Exception {
    HydrantClient first = client(new Drops());
    send(first, 30);
    assertTrue(first.flush(Duration.ofSeconds(20)));
    assertTrue(first.close(Duration.ofSeconds(5)));
    assertEquals(List.of(), segments(), "everything delivered: no segment left");
    Files.delete(dir.resolve("spool").resolve("sequences"));

    HydrantClient second = client(new Drops());
    send(second, 1);
    assertTrue(second.flush(Duration.ofSeconds(20)));
    Map<Long, Integer> seqs = deliveredSeqs();
    assertEquals(31, seqs.size(), "seqs: " + seqs.keySet());
    assertTrue(seqs.containsKey(31L), "continues after 30: " + seqs.keySet());
    assertEquals(
        1,
        logs.lines(LogCapture.at("WARN", "every device continues after seq 30")).size(),
        "the recovery is logged");
  }
}
