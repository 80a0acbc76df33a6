package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.SpoolTesting.line;
import static dev.hydrant.internal.spool.SpoolTesting.ns;
import static dev.hydrant.internal.spool.SpoolTesting.range;
import static dev.hydrant.internal.spool.SpoolTesting.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.DropReason;
import dev.hydrant.SpoolDurability;
import dev.hydrant.SpoolWriteException;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures injected at chosen write points: the old state must stay intact. */
class SpoolFaultTest {
  static final int FRAME = FrameCodec.FRAME_HEADER_BYTES + 1 + 100;

  @TempDir Path dir;
  final RecordingDropSink drops = new RecordingDropSink();
  final FaultyFileOps faults = new FaultyFileOps();

  SpoolConfig config(SpoolDurability durability) {
    return SpoolConfig.builder(dir.resolve("spool"))
        .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES)
        .durability(durability)
        .build();
  }

  DiskSpool openFaulty(SpoolDurability durability) throws IOException {
    return DiskSpool.open(
        config(durability),
        BufferFullPolicy.dropNewest(),
        drops,
        faults,
        System::currentTimeMillis);
  }

  DiskSpool reopen() throws IOException {
    return DiskSpool.open(
        config(SpoolDurability.GROUP_COMMIT), BufferFullPolicy.dropNewest(), drops);
  }

  static void append(DiskSpool spool, long from, long to) throws Exception {
    for (long i = from; i < to; i++) {
      assertTrue(spool.append("d", i, 1, line(i)));
    }
  }

  long spoolFileBytes() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
      long total = 0;
      for (Path p : files.filter(p -> p.toString().endsWith(".hsp")).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }

  @Test
  void aWriteThatFailsHalfwayIsTruncatedBackAndNeverCounted() throws Exception {
    try (DiskSpool spool = openFaulty(SpoolDurability.GROUP_COMMIT)) {
      append(spool, 0, 10);
      faults.partialWriteBytes.set(50);
      SpoolWriteException e =
          assertThrows(SpoolWriteException.class, () -> spool.append("d", 99, 1, line(99)));
      assertTrue(e.getMessage().contains("No space left"), e.getMessage());
      assertEquals(10, spool.pendingEvents());
      assertEquals(FrameCodec.SEGMENT_HEADER_BYTES + 10 * FRAME, spoolFileBytes());
      append(spool, 10, 20);
    }
    try (DiskSpool spool = reopen()) {
      assertEquals(range(0, 20), ns(takeAll(spool)));
      assertEquals(0, drops.count(DropReason.CORRUPT));
    }
  }

  @Test
  void whenEvenTheRollbackFailsTheSegmentIsSealedAndRecoveryDropsThePartialFrame()
      throws Exception {
    try (DiskSpool spool = openFaulty(SpoolDurability.GROUP_COMMIT)) {
      append(spool, 0, 10);
      faults.partialWriteBytes.set(70);
      faults.failTruncate.set(true);
      assertThrows(SpoolWriteException.class, () -> spool.append("d", 99, 1, line(99)));
      append(spool, 10, 20);
      assertEquals(range(0, 20), ns(takeAll(spool)), "the sender never sees the partial frame");
    }
    try (DiskSpool spool = reopen()) {
      assertEquals(range(0, 20), ns(takeAll(spool)));
      assertEquals(0, drops.count(DropReason.CORRUPT), "a torn tail is not a lost event");
    }
  }

  @Test
  void aFailedFsyncFailsTheAppendButKeepsWhatWasStoredBefore() throws Exception {
    try (DiskSpool spool = openFaulty(SpoolDurability.EVERY_SEND)) {
      append(spool, 0, 10);
      faults.failForce.set(true);
      SpoolWriteException e =
          assertThrows(SpoolWriteException.class, () -> spool.append("d", 10, 1, line(10)));
      assertTrue(e.getMessage().contains("fsync"), e.getMessage());
      append(spool, 11, 20);
    }
    try (DiskSpool spool = reopen()) {
      List<Long> got = ns(takeAll(spool));
      // The event whose fsync failed may or may not be there (at least once); all others are.
      got.remove(10L);
      assertEquals(range(0, 10), got.subList(0, 10));
      assertEquals(range(11, 20), got.subList(10, got.size()));
    }
  }

  @Test
  void aFrameWhoseFsyncFailedIsCancelledNotHandedOutNorCountedLost() throws Exception {
    try (DiskSpool spool = openFaulty(SpoolDurability.EVERY_SEND)) {
      append(spool, 0, 10);
      faults.failForce.set(true);
      assertThrows(SpoolWriteException.class, () -> spool.append("d", 10, 1, line(10)));
      assertEquals(10, spool.pendingEvents(), "the refused event is not pending");
      append(spool, 11, 20);
      List<BufferedEvent> all = takeAll(spool);
      List<Long> expected = range(0, 10);
      expected.addAll(range(11, 20));
      assertEquals(expected, ns(all), "the refused event is never handed out");
      spool.ack(all);
      assertEquals(0, spool.pendingEvents());
      assertEquals(Long.MAX_VALUE, spool.lowestPendingId());
    }
    assertEquals(0, drops.count(DropReason.CORRUPT), "a cancelled frame is no loss");
    assertEquals(List.of(), drops.events(), "nothing dropped");
  }

  @Test
  void aTornAckWriteKeepsTheOldAckStateSoEventsAreResentNotLost() throws Exception {
    try (DiskSpool spool = openFaulty(SpoolDurability.GROUP_COMMIT)) {
      append(spool, 0, 20);
      List<BufferedEvent> first = spool.take(5, Long.MAX_VALUE);
      spool.ack(first);
      StateFiles files = new StateFiles(FileOps.SYSTEM, dir.resolve("spool"));
      StateFiles.AckState before = files.readAcks();
      assertEquals(first.get(4).id() + FRAME, before.prefix());
      List<BufferedEvent> second = spool.take(5, Long.MAX_VALUE);
      Object inodeBefore = inode(dir.resolve("spool").resolve(StateFiles.ACKS));
      faults.partialWriteBytes.set(30); // the in-place write of one copy stops halfway
      assertThrows(IOException.class, () -> spool.ack(second));
      assertEquals(
          inodeBefore,
          inode(dir.resolve("spool").resolve(StateFiles.ACKS)),
          "acks are rewritten in place: no new file per ack");
      StateFiles.AckState after = files.readAcks();
      assertEquals(before.prefix(), after.prefix(), "the persisted ack state is the old one");
      assertEquals(before.readPosition(), after.readPosition());
      assertEquals(10, spool.pendingEvents(), "the acks still count in memory");
    }
    try (DiskSpool spool = reopen()) {
      assertEquals(range(10, 20), ns(takeAll(spool)), "close saved the in-memory acks");
    }
    try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
      assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp")), "temporaries cleaned up");
    }
  }

  static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  @Test
  void aFullDiskWhenStartingASegmentFailsTheAppendWhileStoredEventsStillFlow() throws Exception {
    try (DiskSpool spool = openFaulty(SpoolDurability.GROUP_COMMIT)) {
      long n = 0;
      while (spoolFileBytes() + FRAME <= SpoolConfig.MIN_SEGMENT_BYTES) {
        spool.append("d", n, 1, line(n++));
      }
      faults.failCreate.set(true);
      long next = n;
      SpoolWriteException e =
          assertThrows(SpoolWriteException.class, () -> spool.append("d", next, 1, line(next)));
      assertTrue(e.getMessage().contains(dir.resolve("spool").toString()), e.getMessage());
      List<BufferedEvent> all = takeAll(spool);
      assertEquals(range(0, n), ns(all));
      spool.ack(all);
      assertTrue(spool.append("d", next, 1, line(next)), "works again once the disk has room");
    }
  }

  @Test
  void aVanishedDirectoryFailsAppendsWithAClearError() throws Exception {
    Path spoolDir = dir.resolve("spool");
    try (DiskSpool spool =
        DiskSpool.open(config(SpoolDurability.EVERY_SEND), BufferFullPolicy.dropNewest(), drops)) {
      append(spool, 0, 5);
      List<BufferedEvent> inFlight = spool.take(100, Long.MAX_VALUE);
      try (Stream<Path> files = Files.walk(spoolDir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      SpoolWriteException e =
          assertThrows(SpoolWriteException.class, () -> spool.append("d", 5, 1, line(5)));
      assertTrue(e.getMessage().contains(spoolDir.toString()), e.getMessage());
      assertThrows(SpoolWriteException.class, () -> spool.append("d", 6, 1, line(6)));
      assertEquals(range(0, 5), ns(inFlight));
      assertThrows(IOException.class, spool::close);
    }
  }
}
