package dev.hydrant.internal.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.internal.spool.DiskSpool;
import dev.hydrant.internal.spool.SpoolConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledgements and releases in any order and subset, the same for the memory buffer and the
 * disk spool: after each step the pending counts, {@code lowestPendingId} (what flush waits on) and
 * {@code oldestAcceptedAtMillis} are exact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InFlightBookkeepingTest {
  private static final BufferFullPolicy BLOCK = BufferFullPolicy.block(Duration.ofSeconds(5));
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  private List<EventBuffer> buffers() throws Exception {
    return List.of(
        new MemoryBuffer(100_000, Long.MAX_VALUE, BLOCK, (reason, count, events) -> {}),
        DiskSpool.open(
            SpoolConfig.builder(dir.resolve("spool"))
                .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES)
                .build(),
            BLOCK,
            (reason, count, events) -> {}));
  }

  private static byte[] line(int n) {
    return ("{\"n\":" + n + "}\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Appends events {@code from..to-1}, the n-th accepted at {@code T0 + n}. */
  private static void append(EventBuffer b, int from, int to) throws Exception {
    for (int n = from; n < to; n++) {
      b.append("d", n, T0 + n, line(n));
    }
  }

  /** The events of {@code taken} at these positions. */
  private static List<BufferedEvent> at(List<BufferedEvent> taken, int... positions) {
    List<BufferedEvent> out = new ArrayList<>();
    for (int p : positions) {
      out.add(taken.get(p));
    }
    return out;
  }

  private static void assertPending(EventBuffer b, long events, BufferedEvent lowest, String step) {
    assertEquals(events, b.pendingEvents(), b + ": pending events " + step);
    assertEquals(
        lowest == null ? Long.MAX_VALUE : lowest.id(),
        b.lowestPendingId(),
        b + ": lowest pending id " + step);
    assertEquals(
        lowest == null ? OptionalLong.empty() : OptionalLong.of(lowest.acceptedAtMillis()),
        b.oldestAcceptedAtMillis(),
        b + ": oldest accepted " + step);
  }

  @Test
  void outOfOrderPartialAcksKeepTheLowestPendingExact() throws Exception {
    for (EventBuffer b : buffers()) {
      try (b) {
        append(b, 0, 10);
        List<BufferedEvent> t = b.take(100, Long.MAX_VALUE);
        assertEquals(10, t.size());
        assertPending(b, 10, t.get(0), "after the take");

        b.ack(at(t, 5, 6, 7));
        assertPending(b, 7, t.get(0), "after acking the middle");
        b.ack(at(t, 1, 0));
        assertPending(b, 5, t.get(2), "after acking the first two, backwards");
        b.ack(at(t, 9, 3, 2));
        assertPending(b, 2, t.get(4), "after acking the last and two more");
        b.ack(at(t, 8));
        assertPending(b, 1, t.get(4), "with one left");
        b.ack(at(t, 4));
        assertPending(b, 0, null, "when all are acked");
      }
    }
  }

  @Test
  void releaseAfterPartialAckHandsOutOnlyTheReleasedAgainFirst() throws Exception {
    for (EventBuffer b : buffers()) {
      try (b) {
        append(b, 0, 6);
        List<BufferedEvent> t = b.take(100, Long.MAX_VALUE);
        append(b, 6, 8);
        b.ack(at(t, 0, 2, 5));
        b.release(at(t, 3, 1));
        assertPending(b, 5, t.get(1), "after acks and releases");

        List<BufferedEvent> again = b.take(3, Long.MAX_VALUE);
        assertEquals(List.of(1L, 3L, 6L), again.stream().map(BufferedEvent::seq).toList(), "" + b);
        assertPending(b, 5, t.get(1), "after taking them again");

        b.ack(at(again, 1, 2));
        assertPending(b, 3, t.get(1), "after acking two of them");
        b.ack(at(again, 0));
        assertPending(b, 2, t.get(4), "left: the one never acked and the one never taken");
        b.ack(at(t, 4));
        List<BufferedEvent> rest = b.take(100, Long.MAX_VALUE);
        assertEquals(List.of(7L), rest.stream().map(BufferedEvent::seq).toList(), "" + b);
        assertPending(b, 1, rest.get(0), "with only the newest left");
        b.ack(rest);
        assertPending(b, 0, null, "when all are acked");
      }
    }
  }

  @Test
  void releasesInReverseTakeOrderAreHandedOutInIdOrder() throws Exception {
    for (EventBuffer b : buffers()) {
      try (b) {
        append(b, 0, 12);
        List<BufferedEvent> first = b.take(4, Long.MAX_VALUE);
        List<BufferedEvent> second = b.take(4, Long.MAX_VALUE);
        b.ack(at(first, 0));
        b.release(at(first, 1, 2, 3));
        b.release(second);
        assertPending(b, 11, first.get(1), "after both releases");

        List<BufferedEvent> again = b.take(100, Long.MAX_VALUE);
        assertEquals(
            List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L),
            again.stream().map(BufferedEvent::seq).toList(),
            "" + b);
        b.ack(again.subList(1, again.size()));
        assertPending(b, 1, first.get(1), "with the lowest left");
        b.ack(at(again, 0));
        assertPending(b, 0, null, "when all are acked");
      }
    }
  }

  @Test
  void anEventLongInFlightStaysTheLowestWhileThousandsPass() throws Exception {
    for (EventBuffer b : buffers()) {
      try (b) {
        append(b, 0, 1);
        BufferedEvent straggler = b.take(1, Long.MAX_VALUE).get(0);
        for (int n = 1; n <= 5000; n += 10) {
          append(b, n, n + 10);
          List<BufferedEvent> t = b.take(100, Long.MAX_VALUE);
          b.ack(t.subList(5, 10));
          assertPending(b, 6, straggler, "after a partial ack of seq " + n);
          b.ack(t.subList(0, 5));
        }
        assertPending(b, 1, straggler, "with only the straggler left");
        append(b, 5001, 5002);
        b.ack(List.of(straggler));
        BufferedEvent next = b.take(1, Long.MAX_VALUE).get(0);
        assertPending(b, 1, next, "after the straggler is acked");
        b.ack(List.of(next));
        assertPending(b, 0, null, "when all are acked");
      }
    }
  }

  @Test
  void ackingOrReleasingWhatIsNotInFlightChangesNothing() throws Exception {
    MemoryBuffer b = new MemoryBuffer(10, 1000, BLOCK, (reason, count, events) -> {});
    append(b, 0, 3);
    List<BufferedEvent> t = b.take(2, Long.MAX_VALUE);
    b.ack(at(t, 0));
    long bytes = b.pendingBytes();

    b.ack(at(t, 0));
    b.release(at(t, 0));
    b.ack(List.of(new BufferedEvent(2, "d", 2, T0 + 2, line(2))));

    assertEquals(bytes, b.pendingBytes());
    assertPending(b, 2, t.get(1), "after acks of events not in flight");

    // What close drains stays pending until close reports it and acks it.
    List<BufferedEvent> drained = b.drainVolatile();
    assertEquals(List.of(2L), drained.stream().map(BufferedEvent::seq).toList());
    assertPending(b, 2, t.get(1), "after the drain");
    b.ack(at(t, 1));
    assertPending(b, 1, drained.get(0), "with only the drained event left");
    b.ack(drained);
    assertPending(b, 0, null, "when the drained event is acked");
  }

  @Test
  void pendingCountsStayExactUnderRandomTakesAcksAndReleasesOfEventsOfManySizes() throws Exception {
    Random random = new Random(20);
    for (EventBuffer b : buffers()) {
      long pendingEvents = 0;
      long pendingBytes = 0;
      Map<Long, Integer> inFlight = new LinkedHashMap<>();
      for (int step = 0, n = 0; step < 1_500; step++) {
        String at = "step " + step;
        int op = random.nextInt(10);
        if (op < 3) {
          for (int i = 1 + random.nextInt(20); i > 0; i--, n++) {
            byte[] line = new byte[1 + random.nextInt(600)];
            line[line.length - 1] = '\n';
            b.append("d", n, T0 + n, line);
            pendingEvents++;
            pendingBytes += line.length;
          }
        } else if (op < 6) {
          for (BufferedEvent e : b.take(1 + random.nextInt(30), Long.MAX_VALUE)) {
            inFlight.put(e.id(), e.size());
          }
        } else if (!inFlight.isEmpty()) {
          // A run of neighbours (an acknowledged record), with a stray duplicate now and then.
          List<Long> ids = new ArrayList<>(inFlight.keySet());
          int from = random.nextInt(ids.size());
          List<BufferedEvent> chosen = new ArrayList<>();
          for (long id : ids.subList(from, Math.min(ids.size(), from + 1 + random.nextInt(25)))) {
            chosen.add(new BufferedEvent(id, "d", 0, T0, new byte[inFlight.remove(id)]));
          }
          if (random.nextBoolean()) {
            chosen.add(chosen.get(0));
          }
          if (op < 9) {
            b.ack(chosen);
            pendingEvents -= chosen.stream().map(BufferedEvent::id).distinct().count();
            pendingBytes -= chosen.stream().distinct().mapToLong(BufferedEvent::size).sum();
          } else {
            b.release(chosen);
          }
        }
        assertEquals(pendingEvents, b.pendingEvents(), b + ": pending events, " + at);
        assertEquals(pendingBytes, b.pendingBytes(), b + ": pending bytes, " + at);
      }
    }
  }
}
