package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.SpoolTesting.line;
import static dev.hydrant.internal.spool.SpoolTesting.ns;
import static dev.hydrant.internal.spool.SpoolTesting.range;
import static dev.hydrant.internal.spool.SpoolTesting.takeAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.ClientClosedException;
import dev.hydrant.SpoolLockedException;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
  @TempDir Path dir;
  final RecordingDropSink drops = new RecordingDropSink();

  SpoolConfig.Builder config() {
    return SpoolConfig.builder(dir.resolve("spool")).segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES);
  }

  DiskSpool open(SpoolConfig config) throws IOException {
    return DiskSpool.open(config, BufferFullPolicy.dropNewest(), drops);
  }

  void appendRange(DiskSpool spool, long from, long to) throws Exception {
    for (long i = from; i < to; i++) {
      assertTrue(spool.append("dev-" + (i % 3), i, 1_000 + i, line(i)));
    }
  }

  long segmentFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".hsp")).count();
    }
  }

  @Test
  void storesEveryFieldAndHandsEventsOutInOrderAcrossReopen() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      assertTrue(spool.append("box-1", 41, 1234L, line(0)));
      assertTrue(spool.append("box-2", 7, 1235L, line(1)));
      assertEquals(2, spool.pendingEvents());
      assertEquals(line(0).length + line(1).length, spool.pendingBytes());
    }
    try (DiskSpool spool = open(config().build())) {
      List<BufferedEvent> all = takeAll(spool);
      assertEquals(2, all.size());
      assertEquals("box-1", all.get(0).deviceId());
      assertEquals(41, all.get(0).seq());
      assertEquals(1234L, all.get(0).acceptedAtMillis());
      assertArrayEquals(line(0), all.get(0).line());
      assertEquals("box-2", all.get(1).deviceId());
      assertTrue(all.get(0).id() < all.get(1).id());
      assertEquals(OptionalLong.of(1234L), spool.oldestAcceptedAtMillis());
    }
  }

  @Test
  void rotatesBySizeAndDeletesSegmentsOnceAcked() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      appendRange(spool, 0, 2000);
      assertTrue(segmentFiles() >= 4, "segments: " + segmentFiles());
      List<BufferedEvent> all = takeAll(spool);
      assertEquals(range(0, 2000), ns(all));
      spool.ack(all);
      assertEquals(0, spool.pendingEvents());
      assertEquals(1, segmentFiles(), "only the active segment remains");
    }
    try (DiskSpool spool = open(config().build())) {
      assertEquals(List.of(), takeAll(spool));
      assertEquals(0, segmentFiles(), "fully acked segments are deleted on open");
    }
  }

  @Test
  void outOfOrderAcksSurviveARestartSoOnlyUnackedEventsAreResent() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      appendRange(spool, 0, 1000);
      List<BufferedEvent> batch = spool.take(600, Long.MAX_VALUE);
      // Acks 0..99 and 200..599; 100..199 stay in flight (a partial batch failure being retried).
      spool.ack(batch.subList(0, 100));
      spool.ack(batch.subList(200, 600));
      assertEquals(500, spool.pendingEvents());
    }
    try (DiskSpool spool = open(config().build())) {
      List<BufferedEvent> all = takeAll(spool);
      List<Long> expected = range(100, 200);
      expected.addAll(range(600, 1000));
      assertEquals(expected, ns(all));
      assertEquals(500, spool.pendingEvents());
    }
  }

  @Test
  void releasedEventsComeBackBeforeNewerOnes() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      appendRange(spool, 0, 10);
      List<BufferedEvent> first = spool.take(4, Long.MAX_VALUE);
      spool.ack(first.subList(0, 2));
      spool.release(first.subList(2, 4));
      assertEquals(8, spool.pendingEvents());
      assertEquals(range(2, 10), ns(takeAll(spool)));
    }
  }

  @Test
  void takeRespectsByteLimitButAlwaysReturnsOneEvent() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      appendRange(spool, 0, 5);
      assertEquals(List.of(0L), ns(spool.take(10, 1)));
      assertEquals(List.of(1L, 2L), ns(spool.take(10, 2L * line(1).length)));
      assertEquals(List.of(3L, 4L), ns(spool.take(10, Long.MAX_VALUE)));
    }
  }

  @Test
  void lastSequencesSurviveEvenWhenEverythingWasAckedAndDeleted() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      appendRange(spool, 0, 1500);
      spool.ack(takeAll(spool));
    }
    try (DiskSpool spool = open(config().build())) {
      assertEquals(0, spool.pendingEvents());
      assertEquals(Map.of("dev-0", 1497L, "dev-1", 1498L, "dev-2", 1499L), spool.lastSequences());
    }
  }

  @Test
  void awaitAvailableReturnsAtThresholdOrWhenWokenUp() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      assertFalse(spool.awaitAvailable(1, Long.MAX_VALUE, 10, TimeUnit.MILLISECONDS));
      appendRange(spool, 0, 3);
      assertTrue(spool.awaitAvailable(3, Long.MAX_VALUE, 0, TimeUnit.MILLISECONDS));
      assertFalse(spool.awaitAvailable(4, Long.MAX_VALUE, 0, TimeUnit.MILLISECONDS));
      spool.wakeUp();
      assertFalse(spool.awaitAvailable(4, Long.MAX_VALUE, 1, TimeUnit.DAYS));
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryIsRefused() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      SpoolLockedException e =
          assertThrows(SpoolLockedException.class, () -> open(config().build()));
      assertTrue(e.getMessage().contains(dir.resolve("spool").toString()), e.getMessage());
      assertTrue(spool.append("d", 1, 1, line(1)), "the first owner keeps working");
    }
    open(config().build()).close();
  }

  @Test
  void filesAndDirectoryAreReadableOnlyByTheOwner() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      appendRange(spool, 0, 600);
      spool.ack(spool.take(10, Long.MAX_VALUE));
    }
    Path spoolDir = dir.resolve("spool");
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolDir)));
    try (Stream<Path> files = Files.list(spoolDir)) {
      for (Path p : files.toList()) {
        assertEquals(
            "rw-------",
            PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
            p.toString());
      }
    }
  }

  @Test
  void rejectsBadEventsNamingTheProblem() throws Exception {
    try (DiskSpool spool = open(config().build())) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> spool.append("", 1, 1, line(1)));
      assertTrue(e.getMessage().contains("deviceId"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> spool.append("d", 1, 1, new byte[0]));
      assertTrue(e.getMessage().contains("line"), e.getMessage());
      assertEquals(0, spool.pendingEvents());
    }
  }

  @Test
  void eventsLargerThanTheReadWindowAndTheSegmentSizeRoundTrip() throws Exception {
    byte[] big = line(1, 900_000);
    try (DiskSpool spool = open(config().build())) {
      spool.append("d", 0, 1, line(0));
      spool.append("d", 1, 1, big);
      spool.append("d", 2, 1, line(2));
    }
    try (DiskSpool spool = open(config().build())) {
      List<BufferedEvent> all = takeAll(spool);
      assertEquals(List.of(0L, 1L, 2L), ns(all));
      assertArrayEquals(big, all.get(1).line());
    }
  }

  @Test
  void closeIsIdempotentAndAppendAfterCloseFailsClearly() throws Exception {
    DiskSpool spool = open(config().build());
    spool.append("d", 0, 1, line(0));
    spool.close();
    spool.close();
    ClientClosedException e =
        assertThrows(ClientClosedException.class, () -> spool.append("d", 1, 1, line(1)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertEquals(List.of(), spool.take(10, Long.MAX_VALUE));
  }
}
