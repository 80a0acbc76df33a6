package dev.hydrant.internal.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.ClientClosedException;
import dev.hydrant.DropReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemoryBufferTest {
  private final List<BufferedEvent> dropped = new ArrayList<>();
  private final EventBuffer.DropSink sink =
      (DropReason reason, long count, List<BufferedEvent> events) -> dropped.addAll(events);

  @Test
  void dropOldestRefusesWithoutEvictingWhenOnlyInFlightEventsCouldMakeRoom() throws Exception {
    MemoryBuffer b = new MemoryBuffer(10, 1000, BufferFullPolicy.dropOldest(), sink);
    b.append("d", 1, 0, new byte[600]);
    assertEquals(1, b.take(1, 1000).size());
    b.append("d", 2, 0, new byte[300]);

    assertFalse(b.append("d", 3, 0, new byte[500]), "no room even after evicting seq 2");

    assertEquals(List.of(), dropped, "nothing evicted for nothing");
    assertEquals(List.of(2L), b.drainVolatile().stream().map(BufferedEvent::seq).toList());
  }

  @Test
  void dropOldestEvictsReadyEventsAndReportsThem() throws Exception {
    MemoryBuffer b = new MemoryBuffer(2, 1000, BufferFullPolicy.dropOldest(), sink);
    b.append("d", 1, 0, new byte[10]);
    b.append("d", 2, 0, new byte[10]);
    assertTrue(b.append("d", 3, 0, new byte[10]));
    assertEquals(List.of(1L), dropped.stream().map(BufferedEvent::seq).toList());
    assertEquals(2, b.pendingEvents());
  }

  @Test
  void closeForAppendsWakesBlockedProducersWithClientClosed() throws Exception {
    MemoryBuffer b =
        new MemoryBuffer(1, 1000, BufferFullPolicy.block(Duration.ofSeconds(20)), sink);
    b.append("d", 1, 0, new byte[10]);
    CompletableFuture<Boolean> blocked =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return b.append("d", 2, 0, new byte[10]);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Awaitility.await().until(() -> b.pendingEvents() == 1 && !blocked.isDone());
    b.closeForAppends();
    Throwable thrown =
        assertThrows(Exception.class, () -> blocked.get(5, TimeUnit.SECONDS)).getCause();
    assertTrue(thrown instanceof ClientClosedException, thrown.toString());
    assertThrows(ClientClosedException.class, () -> b.append("d", 3, 0, new byte[10]));
  }

  @Test
  void aFullBufferWakesTheWaitingSender() throws Exception {
    MemoryBuffer b = new MemoryBuffer(3, 1_000_000, BufferFullPolicy.dropNewest(), sink);
    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return b.awaitAvailable(Integer.MAX_VALUE, 1_000_000, 20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    for (int i = 1; i <= 3; i++) {
      assertTrue(b.append("d", i, 0, new byte[10]));
    }
    assertFalse(waiting.isDone(), "three small events are not a batch's worth");
    assertFalse(b.append("d", 4, 0, new byte[10]));
    assertTrue(waiting.get(5, TimeUnit.SECONDS), "a full buffer is worth sending at once");
  }

  @Test
  void lowestPendingIdCoversReadyAndInFlightEvents() throws Exception {
    MemoryBuffer b = new MemoryBuffer(10, 1000, BufferFullPolicy.dropNewest(), sink);
    assertEquals(-1, b.lastAppendedId());
    assertEquals(Long.MAX_VALUE, b.lowestPendingId());
    b.append("d", 1, 0, new byte[10]);
    b.append("d", 2, 0, new byte[10]);
    b.append("d", 3, 0, new byte[10]);
    assertEquals(2, b.lastAppendedId());
    List<BufferedEvent> taken = b.take(2, 1000);
    b.ack(List.of(taken.get(1)));
    assertEquals(0, b.lowestPendingId(), "the first is still in flight");
    b.ack(List.of(taken.get(0)));
    assertEquals(2, b.lowestPendingId());
    b.ack(b.take(10, 1000));
    assertEquals(Long.MAX_VALUE, b.lowestPendingId());
  }
}
