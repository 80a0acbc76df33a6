package dev.hydrant.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An undamaged spool read while producers append must report no loss. */
class SpoolPhantomLossTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SpoolDurability.class)
  @Timeout(120)
  void concurrentAppendsAndReadsOfAnUndamagedSpoolReportNoLoss(SpoolDurability durability)
      throws Exception {
    SpoolConfig config =
        SpoolConfig.builder(dir)
            .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES)
            .durability(durability)
            .groupCommitInterval(java.time.Duration.ofMillis(5))
            .build();
    List<String> drops = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    int total = 0;
    try (DiskSpool spool =
        DiskSpool.open(
            config, BufferFullPolicy.dropNewest(), (r, c, e) -> drops.add(r + " " + c))) {
      List<Future<?>> producers = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        String device = "box-" + p;
        producers.add(
            pool.submit(
                () -> {
                  for (long seq = 0; seq < 1_500; seq++) {
                    spool.append(device, seq, seq, SpoolTesting.line(seq));
                  }
                  return null;
                }));
      }
      while (total < 6_000) {
        spool.awaitAvailable(1, 1, 100, TimeUnit.MILLISECONDS);
        List<BufferedEvent> batch = spool.take(200, Long.MAX_VALUE);
        spool.ack(batch);
        total += batch.size();
      }
      for (Future<?> f : producers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(6_000, total, "every event read");
    assertEquals(List.of(), drops, "no damage, so no loss may be reported");
  }
}
