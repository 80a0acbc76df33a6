package dev.hydrant.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
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
  @EnumSource(SpoolDurability.class)
  @Timeout(240)
  void everyAppendThatReturnedSurvivesRepeatedKills(SpoolDurability durability) throws Exception {
    killRepeatedly(durability, false);
  }

  @ParameterizedTest
  @EnumSource(SpoolDurability.class)
  @Timeout(240)
  void killsDuringAcksNeverResurrectAckedEventsNorLoseOthers(SpoolDurability durability)
      throws Exception {
    killRepeatedly(durability, true);
  }

  void killRepeatedly(SpoolDurability durability, boolean childSends) throws Exception {
    Random random = new Random(42);
    Path spoolDir = dir.resolve("spool");
    Set<String> printed = new HashSet<>();
    Set<String> acked = new HashSet<>();
    Set<String> inDoubt = new HashSet<>();
    for (int round = 0; round < KILLS; round++) {
      ChildJvm child =
          ChildJvm.start(
              SpoolCrashChild.class,
              dir,
              spoolDir.toString(),
              durability.name(),
              "2",
              childSends ? "sender" : "appendOnly");
      // The random moment of the kill: after a random number of appends returned.
      int appends = 1 + random.nextInt(1500);
      assertTrue(child.awaitLines(1 + appends, 120, TimeUnit.SECONDS), "child appends");
      List<String> lines = child.kill();
      assertEquals("READY", lines.get(0));
      Set<String> acking = new HashSet<>();
      for (String line : lines.subList(1, lines.size())) {
        assertTrue(!line.startsWith("ERROR"), line);
        if (line.startsWith("ACKING")) {
          acking.clear();
          for (String id : line.substring(6).trim().split(" ")) {
            if (!id.isEmpty()) {
              acking.add(id.replace(':', ' '));
            }
          }
        } else if (line.equals("ACKED")) {
          for (String id : acking) {
            assertTrue(acked.add(id), "acked twice: " + id);
          }
          acking.clear();
        } else {
          assertTrue(printed.add(line), "seq reused across restarts: " + line);
        }
      }
      inDoubt.addAll(acking); // killed inside ack(): may or may not be acked
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
          assertTrue(acked.add(key(e)), "an acked event came back: " + key(e));
        }
      }
    }
    Set<String> drained = new HashSet<>();
    try (DiskSpool spool = open(spoolDir, durability)) {
      for (BufferedEvent e : SpoolTesting.takeAll(spool)) {
        assertTrue(drained.add(key(e)), "handed out twice: " + key(e));
        assertTrue(!acked.contains(key(e)), "an acked event came back: " + key(e));
      }
    }
    Set<String> missing = new HashSet<>(printed);
    missing.removeAll(acked);
    missing.removeAll(drained);
    missing.removeAll(inDoubt);
    assertEquals(Set.of(), missing, "events whose append returned before a kill");
    assertTrue(printed.size() > KILLS, "the child appended: " + printed.size());
    // Duplicates: events whose ack was in progress at a kill and that were delivered again
    // (acked later or still there to drain). Bounded by one ack batch per kill.
    long duplicates =
        inDoubt.stream().filter(k -> acked.contains(k) || drained.contains(k)).count();
    System.out.printf(
        "%s sender=%s: %d kills, %d appends returned, %d acked, %d drained, %d in doubt at a"
            + " kill, %d duplicates%n",
        durability,
        childSends,
        KILLS,
        printed.size(),
        acked.size(),
        drained.size(),
        inDoubt.size(),
        duplicates);
  }

  static DiskSpool open(Path spoolDir, SpoolDurability durability) throws Exception {
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
