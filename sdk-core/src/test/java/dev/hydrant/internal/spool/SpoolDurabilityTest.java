package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.SpoolTesting.line;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who calls fsync, and how often. */
class SpoolDurabilityTest {
  @TempDir Path dir;
  final FaultyFileOps files = new FaultyFileOps();

  DiskSpool open(SpoolDurability durability, Duration interval) throws Exception {
    SpoolConfig config =
        SpoolConfig.builder(dir).durability(durability).groupCommitInterval(interval).build();
    return DiskSpool.open(
        config, BufferFullPolicy.dropNewest(), (r, c, e) -> {}, files, System::currentTimeMillis);
  }

  @Test
  @Timeout(30)
  void concurrentEveryAppendWritersShareFsyncs() throws Exception {
    int threads = 4;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (DiskSpool spool = open(SpoolDurability.EVERY_SEND, Duration.ofSeconds(1))) {
      int before = files.forces.get();
      List<Future<?>> producers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String device = "box-" + t;
        producers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    spool.append(device, i, 1, line(i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : producers) {
        f.get();
      }
      int forces = files.forces.get() - before;
      assertTrue(forces > 0, "every-append mode syncs");
      assertTrue(
          forces < (long) threads * perThread, "one fsync served several appends: " + forces);
      assertEquals((long) threads * perThread, spool.pendingEvents());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(30)
  void groupCommitSyncsWithinTheIntervalWithoutBlockingAppends() throws Exception {
    try (DiskSpool spool = open(SpoolDurability.GROUP_COMMIT, Duration.ofMillis(20))) {
      int before = files.forces.get();
      for (int i = 0; i < 100; i++) {
        spool.append("d", i, 1, line(i));
      }
      int afterAppends = files.forces.get();
      await().atMost(Duration.ofSeconds(5)).until(() -> files.forces.get() > afterAppends);
      // Appends do not fsync themselves (only the segment's creation and the daemon's ticks do).
      assertTrue(
          afterAppends - before < 10, "fsyncs during 100 appends: " + (afterAppends - before));
    }
  }
}
