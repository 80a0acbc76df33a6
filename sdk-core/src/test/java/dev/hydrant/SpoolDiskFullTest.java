package dev.hydrant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool on a real, tiny file system (a 512 KiB tmpfs mounted by the test; needs root) filled
 * while the endpoint is down: sends fail with a typed error, a restart on the full disk opens, and
 * once the endpoint is back everything stored is delivered, the space is given back and sends work
 * again, all without intervention.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpoolDiskFullTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @TempDir Path dir;

  private final DeviceContext device = DeviceContext.builder("stb-full-1").build();

  private HydrantClient client(Path spool) {
    return EmulatorClients.builder(EMULATOR)
        .spoolDirectory(spool)
        .spoolDurability(SpoolDurability.EVERY_SEND)
        .build();
  }

  private VideoQualityEvent event(int i) {
    return VideoQualityEvent.builder(device)
        .playbackState(PlaybackState.PLAYING)
        .sessionId("session-" + i)
        .bitrateKbps(2_000 + i)
        .build();
  }

  /** Sends until the disk is full; returns the event ids accepted. */
  private List<String> fill(HydrantClient client) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; ; i++) {
      VideoQualityEvent e = event(i);
      try {
        assertTrue(client.send(e));
      } catch (SpoolStorageException full) {
        assertTrue(
            String.valueOf(full.getCause()).contains("No space left on device"),
            String.valueOf(full.getCause()));
        return ids;
      }
      ids.add(e.eventId().toString());
      assertTrue(i < 100_000, "the file system never filled up");
    }
  }

  private static long segmentBytes(Path spool) throws IOException {
    long total = 0;
    try (Stream<Path> files = Files.list(spool)) {
      for (Path p : files.toList()) {
        if (p.getFileName().toString().endsWith(".hsp")) {
          total += Files.size(p);
        }
      }
    }
    return total;
  }

  private static Set<String> deliveredIds() {
    Set<String> ids = new HashSet<>();
    for (String line : EMULATOR.deliveredLines()) {
      int at = line.indexOf("\"event_id\":\"") + 12;
      ids.add(line.substring(at, line.indexOf('"', at)));
    }
    return ids;
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ok = p.waitFor() == 0;
    if (!ok) {
      System.out.println(String.join(" ", command) + ": " + out.trim());
    }
    return ok;
  }

  @Test
  void aFullDiskHealsItselfOnceTheEndpointIsBackAndARestartOnItOpens() throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      System.out.println("SpoolDiskFullTest skipped: mounting a tmpfs needs root");
    }
    Assumptions.assumeTrue(root, "mounting a tmpfs needs root");
    Path mount = Files.createDirectory(dir.resolve("fs"));
    boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString());
    if (!mounted) {
      System.out.println("SpoolDiskFullTest skipped: could not mount a tmpfs at " + mount);
    }
    Assumptions.assumeTrue(mounted, "could not mount a tmpfs");
    try {
      fillRecoverRestart(mount.resolve("spool"));
    } finally {
      assertTrue(run("umount", mount.toString()), "unmounted");
    }
  }

  private void fillRecoverRestart(Path spool) throws Exception {
    // 1. The endpoint is down; sends fill the disk, then fail with a typed error.
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    HydrantClient first = client(spool);
    List<String> stored = fill(first);
    assertTrue(stored.size() > 200, "stored before the disk filled: " + stored.size());
    long full = segmentBytes(spool);

    // 2. The endpoint comes back: everything stored is delivered, the space comes back (the
    // drained active segment is released) and the same client sends again.
    EMULATOR.emulator().faults(Faults.none());
    assertTrue(first.flush(Duration.ofSeconds(30)), "the stored events are delivered");
    assertTrue(deliveredIds().containsAll(stored));
    assertEquals(stored.size(), first.metrics().delivered());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> segmentBytes(spool) == 0); // space given back, was `full` bytes
    System.out.printf(
        "SpoolDiskFullTest: %d events filled %d bytes of segments; all given back%n",
        stored.size(), full);
    VideoQualityEvent after = event(-1);
    assertTrue(first.send(after), "sends work again without a restart");
    assertTrue(first.flush(Duration.ofSeconds(30)));
    assertTrue(deliveredIds().contains(after.eventId().toString()));

    // 3. Down again, the disk fills again; a restart on the full disk opens and keeps everything.
    EMULATOR.emulator().faults(Faults.outage(Duration.ofHours(1)));
    List<String> second = fill(first);
    assertFalse(first.close(Duration.ofMillis(200)), "events are left in the spool");
    HydrantClient restarted = client(spool);
    try {
      assertTrue(
          Files.getFileStore(spool).getUsableSpace() < 64 * 1024,
          "still full: " + Files.getFileStore(spool).getUsableSpace());
      EMULATOR.emulator().faults(Faults.none());
      assertTrue(restarted.flush(Duration.ofSeconds(30)), "the restarted client delivers");
      assertTrue(deliveredIds().containsAll(second), "everything stored before the restart");
      assertEquals(0, restarted.metrics().failed());
      assertEquals(0, restarted.metrics().dropped());
      // The sender releases the drained segments just after acknowledging their events.
      await().atMost(Duration.ofSeconds(10)).until(() -> segmentBytes(spool) == 0);
      VideoQualityEvent last = event(-2);
      assertTrue(restarted.send(last), "sends work after the restart");
      assertTrue(restarted.flush(Duration.ofSeconds(30)));
      assertTrue(deliveredIds().contains(last.eventId().toString()));
    } finally {
      restarted.close(Duration.ofSeconds(5));
    }
  }
}
