package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.LatencyDistribution;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.MemoryBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Latencies recorded in bulk (a run of equal values at once, as the sender does for the events of
 * one acknowledgement) count exactly as recording them one by one would.
 */
class BulkLatencyRecordingTest {
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void aRunRecordedAtOnceEqualsTheSameValuesRecordedOneByOne() {
    long window = LatencyRecorder.WINDOW_MILLIS;
    LatencyRecorder bulk = new LatencyRecorder();
    LatencyRecorder single = new LatencyRecorder();
    Random random = new Random(20);
    for (int run = 0; run < 500; run++) {
      long micros = random.nextInt(5) == 0 ? -random.nextInt(1_000) : random.nextInt(3_000_000);
      long at = (long) run * window / 100;
      int count = 1 + random.nextInt(300);
      bulk.record(micros, at, count);
      for (int i = 0; i < count; i++) {
        single.record(micros, at);
      }
      assertEquals(single.stats(at), bulk.stats(at), "after run " + run);
    }
  }

  @Test
  void countsOfZeroOrLessRecordNothingAndHugeCountsSaturate() {
    LatencyRecorder r = new LatencyRecorder();
    r.record(5_000, 0, 0);
    r.record(5_000, 0, -3);
    assertEquals(LatencyDistribution.empty(), r.stats(0).sinceStart());
    assertEquals(LatencyDistribution.empty(), r.stats(0).recent());

    r.record(Long.MAX_VALUE / 4, 0, Long.MAX_VALUE);
    r.record(Long.MAX_VALUE / 4, 0, 7);
    LatencyDistribution life = r.stats(0).sinceStart();
    assertEquals(Long.MAX_VALUE, life.count());
    assertEquals(Duration.of(Long.MAX_VALUE, ChronoUnit.MICROS), life.total());
    LatencyDistribution recent = r.stats(0).recent();
    assertEquals(
        Integer.MAX_VALUE, recent.count(), "the window's int counts stop at their maximum");
  }

  @Test
  void deliveredEventsAreTimedAsIfEachWereRecordedAlone() {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    MetricsRecorder metrics = new MetricsRecorder(clock);
    LatencyRecorder expected = new LatencyRecorder();
    Random random = new Random(21);
    List<BufferedEvent> events = new ArrayList<>();
    long accepted = NOW - 5_000;
    for (int i = 0; i < 5_000; i++) {
      int kind = random.nextInt(50);
      long at;
      if (kind == 0) {
        at = 1_000; // accepted while the device clock was not set: counted, not timed
      } else if (kind == 1) {
        at = NOW + 1 + random.nextInt(100); // "later" than now: counted, not timed
      } else {
        // Mostly runs of the same millisecond, sometimes going back (events retried later).
        accepted += random.nextInt(4) == 0 ? 1 : 0;
        at = random.nextInt(40) == 0 ? accepted - random.nextInt(500) : accepted;
      }
      events.add(new BufferedEvent(i, "d", i, at, new byte[] {'\n'}));
      if (at >= Sender.CLOCK_SET_FLOOR_MILLIS && at <= NOW) {
        expected.record((NOW - at) * 1_000, NOW);
      }
    }
    metrics.delivered(events.subList(0, 1));
    metrics.delivered(events.subList(1, 2_000));
    metrics.delivered(List.of());
    metrics.delivered(events.subList(2_000, events.size()));

    MemoryBuffer empty = new MemoryBuffer(1, 1, BufferFullPolicy.dropNewest(), (r, c, e) -> {});
    var snapshot = metrics.snapshot(empty);
    assertEquals(events.size(), snapshot.delivered());
    assertEquals(expected.stats(NOW), snapshot.deliveryLatency());
  }
}
