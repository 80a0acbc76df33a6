package dev.hydrant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client with a disk spool against the emulator over TLS: what survives a close and a restart,
 * what the next client delivers, and the typed errors of a spool in trouble.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HydrantClientSpoolTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @TempDir Path dir;

  private final DeviceContext device = DeviceContext.builder("stb-spool-7").build();
  private final List<HydrantClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    for (HydrantClient c : clients) {
      c.close(Duration.ofSeconds(2));
    }
  }

  private Path spool() {
    return dir.resolve("spool");
  }

  private HydrantClient client(Recorder recorder) {
    return client(recorder, Clock.systemUTC());
  }

  private HydrantClient client(Recorder recorder, Clock clock) {
    HydrantClient c =
        HydrantClient.builder()
            .clock(clock)
            .endpoint(EMULATOR.endpoint())
            .deliveryStream("stb-telemetry")
            .route(Route.BATCH)
            .trust(Trust.pem(EMULATOR.caCertificatePem()))
            .spoolDirectory(spool())
            .spoolDurability(SpoolDurability.EVERY_SEND)
            .linger(Duration.ofMillis(20))
            .initialBackoff(Duration.ofMillis(10))
            .maxBackoff(Duration.ofMillis(100))
            .listener(recorder)
            .build();
    clients.add(c);
    return c;
  }

  private VideoQualityEvent event(int i) {
    return VideoQualityEvent.builder(device)
        .playbackState(PlaybackState.PLAYING)
        .sessionId("session-" + i / 10)
        .bitrateKbps(2_000 + i)
        .build();
  }

  /** Sends {@code count} events; returns their event ids in send order. */
  private List<String> send(HydrantClient client, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      VideoQualityEvent e = event(i);
      assertTrue(client.send(e));
      ids.add(e.eventId().toString());
    }
    return ids;
  }

  /** The seq of every delivered event, by event id, in arrival order. */
  private static Map<String, Long> deliveredSeqs() {
    Map<String, Long> seqs = new LinkedHashMap<>();
    for (String line : EMULATOR.deliveredLines()) {
      try {
        JsonNode node = JSON.readTree(line);
        seqs.put(node.get("event_id").asText(), node.get("seq").asLong());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return seqs;
  }

  @Test
  void eventsSentDuringAnOutageSurviveABoundedCloseAndTheNextClientDeliversThem() {
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    Recorder first = new Recorder();
    HydrantClient down = client(first);
    List<String> ids = send(down, 50);
    await().atMost(Duration.ofSeconds(10)).until(() -> down.metrics().retries() > 0);

    long start = System.nanoTime();
    assertFalse(down.close(Duration.ofMillis(300)), "events are left behind");
    long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(closeMillis < 3_000, "close took " + closeMillis + " ms");
    assertEquals(List.of(), first.failed, "kept in the spool, not failed");
    assertEquals(List.of(), first.dropped);
    assertEquals(0, down.metrics().failed());
    assertEquals(Map.of(), deliveredSeqs());

    EMULATOR.emulator().faults(Faults.none());
    Recorder second = new Recorder();
    HydrantClient up = client(second);
    assertTrue(up.flush(Duration.ofSeconds(20)), "the next client delivers the spooled events");
    Map<String, Long> delivered = deliveredSeqs();
    // Order across requests is not kept (two can be in flight): every event, each once.
    assertEquals(Set.copyOf(ids), delivered.keySet(), "every spooled event");
    assertEquals(ids.size(), EMULATOR.deliveredLines().size(), "each once");
    assertEquals(50, second.deliveredIds().size());
    assertEquals(List.of(), second.failed);

    List<String> more = send(up, 10);
    assertTrue(up.flush(Duration.ofSeconds(20)));
    Map<String, Long> after = deliveredSeqs();
    for (int i = 0; i < more.size(); i++) {
      assertEquals(51 + i, after.get(more.get(i)), "seq continues after the restart");
    }
    assertTrue(up.close(Duration.ofSeconds(5)), "nothing left behind");
  }

  @Test
  void eventsSpooledBeforeTheDeviceClockWasSetAreNotExpiredOnceItIs() {
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    Recorder booting = new Recorder();
    // A box that booted at the epoch: NTP has not set its clock yet.
    HydrantClient early =
        client(
            booting,
            Clock.offset(Clock.systemUTC(), Duration.ofMillis(-System.currentTimeMillis())));
    List<String> ids = send(early, 20);
    assertFalse(early.close(Duration.ofMillis(200)));

    EMULATOR.emulator().faults(Faults.none());
    Recorder synced = new Recorder();
    HydrantClient later = client(synced);
    assertTrue(later.flush(Duration.ofSeconds(20)));
    assertEquals(List.of(), synced.failed, "not expired by a 56-year clock step");
    assertEquals(Set.copyOf(ids), deliveredSeqs().keySet());
    assertEquals(ids.size(), EMULATOR.deliveredLines().size(), "each once");
  }

  @Test
  void seqContinuesAfterARestartEvenWhenEverythingWasDelivered() {
    HydrantClient first = client(new Recorder());
    send(first, 30);
    assertTrue(first.flush(Duration.ofSeconds(20)));
    assertTrue(first.close(Duration.ofSeconds(5)));

    HydrantClient second = client(new Recorder());
    String id = send(second, 1).get(0);
    assertTrue(second.flush(Duration.ofSeconds(20)));
    assertEquals(31, deliveredSeqs().get(id));
  }

  @Test
  void aSecondClientOnTheSameDirectoryIsRefusedNamingIt() {
    HydrantClient first = client(new Recorder());
    SpoolLockedException e = assertThrows(SpoolLockedException.class, () -> client(new Recorder()));
    assertTrue(e.getMessage().contains(spool().toString()), e.getMessage());
    assertTrue(first.send(event(0)), "the first client is unaffected");
    assertTrue(first.flush(Duration.ofSeconds(20)));
    assertEquals(1, deliveredSeqs().size());
  }

  @Test
  void aVanishedSpoolDirectoryFailsSendWithATypedErrorAndSendingResumesOnceItIsBack()
      throws IOException {
    Recorder recorder = new Recorder();
    HydrantClient client = client(recorder);
    List<String> before = send(client, 5);
    assertTrue(client.flush(Duration.ofSeconds(20)));

    deleteRecursively(spool());
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      VideoQualityEvent e = event(5 + i);
      refused.add(e.eventId().toString());
      SpoolStorageException thrown =
          assertThrows(SpoolStorageException.class, () -> client.send(e));
      assertTrue(thrown.getMessage().contains(spool().toString()), thrown.getMessage());
      assertInstanceOf(SpoolWriteException.class, thrown.getCause());
    }

    Files.createDirectories(spool());
    List<String> after = send(client, 3);
    assertTrue(client.flush(Duration.ofSeconds(20)), "events sent once the directory is back");
    Map<String, Long> delivered = deliveredSeqs();
    assertTrue(delivered.keySet().containsAll(before), "stored before the directory vanished");
    assertTrue(delivered.keySet().containsAll(after), "stored once it was back");
    List<String> others =
        delivered.keySet().stream()
            .filter(id -> !before.contains(id) && !after.contains(id))
            .toList();
    // The first refused event was written to the (deleted) segment before its fsync found the
    // file gone, so the sender may still read and deliver it: in doubt, like a timeout.
    assertTrue(refused.containsAll(others), "only a refused event may also arrive: " + others);
    assertEquals(List.of(), recorder.failed);
  }

  @Test
  void aCorruptRecordIsReportedAsDroppedWhenTheNextClientOpensTheSpool() throws IOException {
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    HydrantClient writer = client(new Recorder());
    List<String> ids = send(writer, 100);
    assertFalse(writer.close(Duration.ofMillis(200)));
    EMULATOR.emulator().faults(Faults.none());

    Path segment;
    try (Stream<Path> files = Files.list(spool())) {
      segment =
          files
              .filter(p -> p.getFileName().toString().endsWith(".hsp"))
              .max(Comparator.comparingLong(HydrantClientSpoolTest::size))
              .orElseThrow();
    }
    flipByte(segment, size(segment) / 2);

    Recorder recorder = new Recorder();
    HydrantClient reader = client(recorder);
    assertEquals(List.of("CORRUPT"), recorder.dropReasons(), "reported on open");
    assertTrue(reader.flush(Duration.ofSeconds(20)));
    Map<String, Long> delivered = deliveredSeqs();
    assertEquals(99, delivered.size(), "the damaged record is lost, the others delivered");
    assertTrue(ids.containsAll(delivered.keySet()));
    assertEquals(1, reader.metrics().droppedByReason().get(DropReason.CORRUPT));
    assertEquals(List.of(), recorder.failed);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void flipByte(Path file, long at) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x5A));
      b.rewind();
      ch.write(b, at);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Records failures, drops and deliveries. */
  static final class Recorder implements DeliveryListener {
    final List<String> failed = new CopyOnWriteArrayList<>();
    final List<String> dropped = new CopyOnWriteArrayList<>();
    final List<String> delivered = new CopyOnWriteArrayList<>();

    @Override
    public void onDelivered(List<EventRef> events) {
      events.forEach(e -> delivered.add(e.eventId()));
    }

    @Override
    public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
      failed.add(reason + " x" + events.size() + ": " + detail);
    }

    @Override
    public void onDropped(DropReason reason, long count, List<EventRef> events) {
      dropped.add(reason + " " + count);
    }

    List<String> deliveredIds() {
      return List.copyOf(delivered);
    }

    List<String> dropReasons() {
      return dropped.stream().map(d -> d.split(" ")[0]).toList();
    }
  }
}
