package dev.hydrant.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many producers, one sender taking and acking at the same time. */
class SpoolConcurrencyTest {
  static final int PRODUCERS = 4;
  static final int PER_PRODUCER = 1500;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SpoolDurability.class)
  @Timeout(120)
  void concurrentProducersAndASenderLoseNothingAndKeepPerDeviceOrder(SpoolDurability durability)
      throws Exception {
    SpoolConfig config =
        SpoolConfig.builder(dir)
            .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES)
            .durability(durability)
            .groupCommitInterval(java.time.Duration.ofMillis(5))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
    Map<String, List<Long>> received = new HashMap<>();
    try (DiskSpool spool = DiskSpool.open(config, BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
      List<Future<?>> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        String device = "box-" + p;
        producers.add(
            pool.submit(
                () -> {
                  for (long seq = 0; seq < PER_PRODUCER; seq++) {
                    spool.append(device, seq, seq, SpoolTesting.line(seq));
                  }
                  return null;
                }));
      }
      int total = 0;
      while (total < PRODUCERS * PER_PRODUCER) {
        spool.awaitAvailable(1, 1, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        List<BufferedEvent> batch = spool.take(200, Long.MAX_VALUE);
        for (BufferedEvent e : batch) {
          received.computeIfAbsent(e.deviceId(), d -> new ArrayList<>()).add(e.seq());
        }
        spool.ack(batch);
        total += batch.size();
      }
      for (Future<?> f : producers) {
        f.get();
      }
      assertEquals(0, spool.pendingEvents());
    } finally {
      pool.shutdownNow();
    }
    for (int p = 0; p < PRODUCERS; p++) {
      assertEquals(SpoolTesting.range(0, PER_PRODUCER), received.get("box-" + p));
    }
  }
}
