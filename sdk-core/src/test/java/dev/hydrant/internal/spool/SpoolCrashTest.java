package dev.hydrant.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a child JVM that appends to the spool with SIGKILL at random moments, acks some events in
 * between like a sender would, and checks that every event whose append returned is still there.
 *
 * <p>SIGKILL tests the process dying, not the power failing: the kernel keeps written pages, so it
 * checks our own ordering (commit point, ack state, recovery), not the fsync itself.
 */
class SpoolCrashTest {
  static final int KILLS = 12;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Durability.class)
  @Timeout(240)
  void everyAppendThatReturnedSurvivesRepeatedKills(Durability durability) throws Exception {
    Random random = new Random(42);
    Path spoolDir = dir.resolve("spool");
    Set<String> printed = new HashSet<>();
    Set<String> acked = new HashSet<>();
    int duplicates = 0;
    for (int round = 0; round < KILLS; round++) {
      ChildJvm child =
          ChildJvm.start(SpoolCrashChild.class, dir, spoolDir.toString(), durability.name(), "2");
      // The random moment of the kill: after a random number of appends returned.
      int appends = 1 + random.nextInt(1500);
      assertTrue(child.awaitLines(1 + appends, 120, TimeUnit.SECONDS), "child appends");
      List<String> lines = child.kill();
      assertEquals("READY", lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        assertTrue(!line.startsWith("ERROR"), line);
        assertTrue(printed.add(line), "seq reused across restarts: " + line);
      }
      // Act as the sender: take a batch, ack part of it out of order, release the rest.
      try (DiskSpool spool = open(spoolDir, durability)) {
        List<BufferedEvent> batch = spool.take(1 + random.nextInt(300), Long.MAX_VALUE);
        List<BufferedEvent> ack = new ArrayList<>();
        List<BufferedEvent> release = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          (i % 3 == 1 ? release : ack).add(batch.get(i));
        }
        spool.ack(ack);
        spool.release(release);
        for (BufferedEvent e : ack) {
          if (!acked.add(key(e))) {
            duplicates++;
          }
        }
      }
    }
    Set<String> drained = new HashSet<>();
    try (DiskSpool spool = open(spoolDir, durability)) {
      for (BufferedEvent e : SpoolTesting.takeAll(spool)) {
        if (!drained.add(key(e)) || acked.contains(key(e))) {
          duplicates++;
        }
      }
    }
    Set<String> missing = new HashSet<>(printed);
    missing.removeAll(acked);
    missing.removeAll(drained);
    assertEquals(Set.of(), missing, "events whose append returned before a kill");
    assertTrue(printed.size() > KILLS, "the child appended: " + printed.size());
    System.out.printf(
        "%s: %d kills, %d events appended, %d acked, %d drained, %d duplicates%n",
        durability, KILLS, printed.size(), acked.size(), drained.size(), duplicates);
  }

  static DiskSpool open(Path spoolDir, Durability durability) throws Exception {
    SpoolConfig config =
        SpoolConfig.builder(spoolDir)
            .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES * 4)
            .durability(durability)
            .build();
    return DiskSpool.open(config, BufferFullPolicy.dropNewest(), (r, c, e) -> {});
  }

  static String key(BufferedEvent e) {
    return e.deviceId() + " " + e.seq();
  }
}
