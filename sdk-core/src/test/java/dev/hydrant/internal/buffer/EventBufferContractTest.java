package dev.hydrant.internal.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.ClientClosedException;
import dev.hydrant.internal.spool.DiskSpool;
import dev.hydrant.internal.spool.SpoolConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What close relies on, the same for the memory buffer and the disk spool. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventBufferContractTest {
  private static final EventBuffer.DropSink NO_DROPS = (reason, count, events) -> {};
  private static final BufferFullPolicy BLOCK_AN_HOUR = BufferFullPolicy.block(Duration.ofHours(1));

  @TempDir Path dir;

  private static byte[] line(int n) {
    return ("{\"n\":" + n + "}\n").getBytes(StandardCharsets.UTF_8);
  }

  private EventBuffer memory(int maxEvents) {
    return new MemoryBuffer(maxEvents, Long.MAX_VALUE, BLOCK_AN_HOUR, NO_DROPS);
  }

  private EventBuffer spool() throws Exception {
    return DiskSpool.open(
        SpoolConfig.builder(dir.resolve("spool"))
            .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES)
            .build(),
        BLOCK_AN_HOUR,
        NO_DROPS);
  }

  @Test
  void appendAfterCloseForAppendsThrowsClientClosedInBoth() throws Exception {
    for (EventBuffer buffer : List.of(memory(10), spool())) {
      try (buffer) {
        assertTrue(buffer.append("d", 1, 1, line(1)));
        buffer.closeForAppends();
        buffer.closeForAppends();
        assertThrows(
            ClientClosedException.class, () -> buffer.append("d", 2, 1, line(2)), "" + buffer);
        assertEquals(1, buffer.pendingEvents());
      }
    }
  }

  @Test
  void aSenderBlockedForRoomIsReleasedWithClientClosed() throws Exception {
    try (EventBuffer buffer = memory(1)) {
      assertTrue(buffer.append("d", 1, 1, line(1)));
      CompletableFuture<Boolean> blocked =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return buffer.append("d", 2, 1, line(2));
                } catch (java.io.IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      buffer.closeForAppends();
      ExecutionException e = assertThrows(ExecutionException.class, blocked::get);
      assertTrue(e.getCause() instanceof ClientClosedException, e.toString());
    }
  }

  @Test
  void drainVolatileHandsBackWhatCloseWouldLoseAndNothingThatIsOnDisk() throws Exception {
    try (EventBuffer buffer = memory(10)) {
      buffer.append("d", 1, 1, line(1));
      buffer.append("d", 2, 1, line(2));
      List<BufferedEvent> inFlight = buffer.take(1, Long.MAX_VALUE);
      assertEquals(List.of(2L), buffer.drainVolatile().stream().map(BufferedEvent::seq).toList());
      assertEquals(1, inFlight.size());
    }
    try (EventBuffer buffer = spool()) {
      buffer.append("d", 1, 1, line(1));
      assertEquals(List.of(), buffer.drainVolatile());
    }
    try (EventBuffer reopened = spool()) {
      assertEquals(1, reopened.pendingEvents());
    }
  }
}
