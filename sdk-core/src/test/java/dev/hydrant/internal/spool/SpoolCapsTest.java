package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.SpoolTesting.line;
import static dev.hydrant.internal.spool.SpoolTesting.ns;
import static dev.hydrant.internal.spool.SpoolTesting.range;
import static dev.hydrant.internal.spool.SpoolTesting.takeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullException;
import dev.hydrant.BufferFullPolicy;
import dev.hydrant.DropReason;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SpoolCapsTest {
  static final long SEGMENT = SpoolConfig.MIN_SEGMENT_BYTES;
  static final long CAP = 3 * SEGMENT;

  @TempDir Path dir;
  final RecordingDropSink drops = new RecordingDropSink();

  SpoolConfig config() {
    return SpoolConfig.builder(dir).segmentBytes(SEGMENT).maxBytes(CAP).build();
  }

  /** Fills the spool to its cap; returns the number of events stored. */
  long fill() throws Exception {
    long n = 0;
    try (DiskSpool spool = DiskSpool.open(config(), BufferFullPolicy.dropNewest(), drops)) {
      while (spool.append("d", n, 1, line(n))) {
        n++;
      }
    }
    return n;
  }

  @Test
  void dropNewestRefusesAtTheCapAndKeepsEverythingAccepted() throws Exception {
    try (DiskSpool spool = DiskSpool.open(config(), BufferFullPolicy.dropNewest(), drops)) {
      long accepted = 0;
      while (spool.append("d", accepted, 1, line(accepted))) {
        accepted++;
      }
      assertTrue(spool.diskBytes() <= CAP, "disk bytes " + spool.diskBytes());
      assertFalse(spool.append("d", accepted, 1, line(accepted)), "still full");
      assertEquals(range(0, accepted), ns(takeAll(spool)));
      assertEquals(0, drops.count(DropReason.SPOOL_CAP));
    }
  }

  @Test
  void dropOldestDropsWholeOldestSegmentsAndReportsEveryEvent() throws Exception {
    int total = 5000;
    try (DiskSpool spool = DiskSpool.open(config(), BufferFullPolicy.dropOldest(), drops)) {
      for (int i = 0; i < total; i++) {
        assertTrue(spool.append("d", i, 1, line(i)));
        assertTrue(spool.diskBytes() <= CAP, "disk bytes " + spool.diskBytes());
      }
      List<Long> kept = ns(takeAll(spool));
      List<Long> dropped = ns(drops.events());
      assertEquals(dropped.size(), drops.count(DropReason.SPOOL_CAP));
      assertEquals(range(0, dropped.size()), dropped, "the oldest are dropped, in order");
      assertEquals(range(dropped.size(), total), kept, "the newest are kept");
    }
  }

  @Test
  void dropOldestLeavesEventsInFlightWithTheSender() throws Exception {
    try (DiskSpool spool = DiskSpool.open(config(), BufferFullPolicy.dropOldest(), drops)) {
      for (int i = 0; i < 10; i++) {
        spool.append("d", i, 1, line(i));
      }
      List<BufferedEvent> inFlight = spool.take(3, Long.MAX_VALUE);
      for (int i = 10; i < 5000; i++) {
        spool.append("d", i, 1, line(i));
      }
      assertFalse(ns(drops.events()).contains(0L), "in-flight events are not reported dropped");
      assertTrue(ns(drops.events()).contains(3L));
      long pendingBefore = spool.pendingEvents();
      spool.ack(inFlight);
      assertEquals(pendingBefore - 3, spool.pendingEvents());
    }
  }

  @Test
  @Timeout(10)
  void blockWaitsForAcksToFreeASegment() throws Exception {
    BufferFullPolicy policy = BufferFullPolicy.block(Duration.ofSeconds(30));
    AtomicLong n = new AtomicLong(fill());
    try (DiskSpool spool = DiskSpool.open(config(), policy, drops)) {
      CompletableFuture<Boolean> blocked =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  boolean ok = true;
                  for (int i = 0; i < 10; i++) {
                    ok &= spool.append("d", n.get(), 1, line(n.getAndIncrement()));
                  }
                  return ok;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThrows(
          java.util.concurrent.TimeoutException.class,
          () -> blocked.get(200, TimeUnit.MILLISECONDS));
      List<BufferedEvent> taken = new ArrayList<>();
      while (!blocked.isDone()) {
        List<BufferedEvent> batch = spool.take(100, Long.MAX_VALUE);
        taken.addAll(batch);
        spool.ack(batch);
      }
      assertTrue(blocked.get());
      taken.addAll(takeAll(spool));
      assertEquals(range(0, n.get()), ns(taken));
    }
  }

  @Test
  void blockThrowsAfterItsTimeoutWithoutStoringTheEvent() throws Exception {
    BufferFullPolicy policy = BufferFullPolicy.block(Duration.ofMillis(50));
    long n = fill();
    try (DiskSpool spool = DiskSpool.open(config(), policy, drops)) {
      long last = n;
      BufferFullException e =
          assertThrows(BufferFullException.class, () -> spool.append("d", last, 1, line(last)));
      assertTrue(e.getMessage().contains(String.valueOf(CAP)), e.getMessage());
      assertEquals(n, spool.pendingEvents());
    }
  }

  @Test
  void eventsOlderThanMaxAgeAreDroppedWhenReachedAndReported() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000);
    SpoolConfig config =
        SpoolConfig.builder(dir)
            .segmentBytes(SEGMENT)
            .maxBytes(CAP)
            .maxAge(Duration.ofMinutes(1))
            .build();
    try (DiskSpool spool =
        DiskSpool.open(config, BufferFullPolicy.dropNewest(), drops, FileOps.SYSTEM, now::get)) {
      spool.append("d", 0, now.get() - 120_000, line(0));
      spool.append("d", 1, now.get() - 30_000, line(1));
      spool.append("d", 2, now.get(), line(2));
      assertEquals(List.of(1L, 2L), ns(takeAll(spool)));
      assertEquals(1, drops.count(DropReason.SPOOL_AGE));
      assertEquals(List.of(0L), ns(drops.events()));
      assertEquals(2, spool.pendingEvents());
    }
  }

  @Test
  void configRejectsACapBelowTwoSegments() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SpoolConfig.builder(dir).segmentBytes(SEGMENT).maxBytes(SEGMENT).build());
    assertTrue(e.getMessage().contains("maxBytes"), e.getMessage());
  }
}
