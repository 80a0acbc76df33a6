package dev.hydrant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A send that is refused burns no {@code seq}: after each kind of refusal the device's next
 * accepted event takes the next number, so the downstream sees no gap. Against the emulator.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoSeqGapTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @TempDir Path dir;

  private final DeviceContext device = DeviceContext.builder("stb-gap-1").build();
  private final Seqs seqs = new Seqs();
  private final List<HydrantClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    for (HydrantClient c : clients) {
      c.close(Duration.ofSeconds(2));
    }
  }

  private HydrantClientBuilder builder() {
    return HydrantClient.builder()
        .endpoint(EMULATOR.endpoint())
        .deliveryStream("stb-telemetry")
        .trust(Trust.pem(EMULATOR.caCertificatePem()))
        .linger(Duration.ofHours(1))
        .listener(seqs);
  }

  private HydrantClient start(HydrantClientBuilder b) {
    HydrantClient c = b.build();
    clients.add(c);
    return c;
  }

  private TelemetryEvent small() {
    return VideoQualityEvent.builder(device).playbackState(PlaybackState.PLAYING).build();
  }

  private static List<Long> oneTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  void eventTooLarge() {
    HydrantClient client = start(builder().recordMaxBytes(600));
    assertTrue(client.send(small()));
    TelemetryEvent big = CustomEvent.builder("blob", device).field("data", "x".repeat(700)).build();
    assertThrows(EventTooLargeException.class, () -> client.send(big));
    assertTrue(client.send(small()));
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(oneTo(2), seqs.accepted);
    assertEquals(oneTo(2), seqs.deliveredSorted());
  }

  @Test
  void bufferFullAfterTheBlockTimeout() {
    HydrantClient client =
        start(
            builder()
                .bufferMaxEvents(1)
                .bufferFullPolicy(BufferFullPolicy.block(Duration.ofMillis(1))));
    // The proxy is down, so the one buffered event cannot be acknowledged and free its slot.
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    assertTrue(client.send(small()));
    assertThrows(BufferFullException.class, () -> client.send(small()));
    assertThrows(BufferFullException.class, () -> client.send(small()));
    EMULATOR.emulator().faults(Faults.none());
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertTrue(client.send(small()));
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(oneTo(2), seqs.deliveredSorted());
    assertEquals(2, client.metrics().accepted());
  }

  @Test
  void interruptedWhileBlocked() {
    HydrantClient client =
        start(
            builder()
                .bufferMaxEvents(1)
                .bufferFullPolicy(BufferFullPolicy.block(Duration.ofHours(1))));
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    assertTrue(client.send(small()));
    Thread.currentThread().interrupt();
    BufferFullException e = assertThrows(BufferFullException.class, () -> client.send(small()));
    EMULATOR.emulator().faults(Faults.none());
    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertTrue(client.send(small()));
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(oneTo(2), seqs.deliveredSorted());
  }

  @Test
  void spoolStorageFailure() throws IOException {
    Path spool = dir.resolve("spool");
    HydrantClient client =
        start(builder().spoolDirectory(spool).spoolDurability(SpoolDurability.EVERY_SEND));
    assertTrue(client.send(small()));
    assertTrue(client.flush(Duration.ofSeconds(20)));
    // The sender may still be recording the acknowledgement: retry until the directory is gone.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> deleteRecursively(spool));
    assertThrows(SpoolStorageException.class, () -> client.send(small()));
    assertThrows(SpoolStorageException.class, () -> client.send(small()));
    Files.createDirectories(spool);
    assertTrue(client.send(small()));
    assertTrue(client.send(small()));
    assertEquals(oneTo(3), seqs.accepted);
  }

  @Test
  void clientClosedContinuesInTheNextClientOfTheSpool() {
    Path spool = dir.resolve("spool");
    HydrantClient first = start(builder().spoolDirectory(spool));
    assertTrue(first.send(small()));
    assertTrue(first.send(small()));
    assertTrue(first.close(Duration.ofSeconds(20)));
    assertThrows(ClientClosedException.class, () -> first.send(small()));
    HydrantClient second = start(builder().spoolDirectory(spool));
    assertTrue(second.send(small()));
    assertTrue(second.flush(Duration.ofSeconds(20)));
    assertEquals(oneTo(3), seqs.accepted);
    assertEquals(oneTo(3), seqs.deliveredSorted());
  }

  @Test
  void dropNewestIsAcceptedThenDroppedKeepingTheAccounting() {
    HydrantClient client =
        start(builder().bufferMaxEvents(2).bufferFullPolicy(BufferFullPolicy.dropNewest()));
    assertTrue(client.send(small()));
    assertTrue(client.send(small()));
    assertFalse(client.send(small()));
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertTrue(client.send(small()));
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(oneTo(4), seqs.accepted, "the dropped event had its seq, like an evicted one");
    assertEquals(List.of(3L), seqs.dropped);
    assertEquals(List.of(1L, 2L, 4L), seqs.deliveredSorted());
    HydrantMetrics m = client.metrics();
    assertEquals(4, m.accepted());
    assertEquals(m.accepted(), m.delivered() + m.failed() + m.dropped() + m.queueEvents());
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Records the seqs the listener hears of. */
  static final class Seqs implements DeliveryListener {
    final List<Long> accepted = new CopyOnWriteArrayList<>();
    final List<Long> delivered = new CopyOnWriteArrayList<>();
    final List<Long> dropped = new CopyOnWriteArrayList<>();

    @Override
    public void onAccepted(String deviceId, long seq) {
      accepted.add(seq);
    }

    @Override
    public void onDelivered(List<EventRef> events) {
      events.forEach(e -> delivered.add(e.seq()));
    }

    @Override
    public void onDropped(DropReason reason, long count, List<EventRef> events) {
      events.forEach(e -> dropped.add(e.seq()));
    }

    List<Long> deliveredSorted() {
      return delivered.stream().sorted().toList();
    }
  }
}
