package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.SpoolTesting.line;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group-commit thread of an idle spool sleeps until there is something to commit. */
class SpoolIdleTest {
  @TempDir Path dir;

  @Test
  void theSyncThreadDoesNotWakeUpWhileNothingIsWritten() throws Exception {
    SpoolConfig config =
        SpoolConfig.builder(dir)
            .durability(SpoolDurability.GROUP_COMMIT)
            .groupCommitInterval(Duration.ofMillis(5))
            .build();
    try (DiskSpool spool = DiskSpool.open(config, BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
      long atOpen = spool.commitWakeUps();
      // At a 5 ms interval a polling thread would wake up about 60 times in 300 ms.
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> spool.commitWakeUps() == atOpen);

      assertTrue(spool.append("d", 1, 1, line(1)));
      // A few wake-ups to commit the append, then asleep again.
      AtomicLong seen = new AtomicLong(-1);
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(150))
          .until(
              () -> {
                long now = spool.commitWakeUps();
                return seen.getAndSet(now) == now && now > atOpen;
              });
      long settled = seen.get();
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> spool.commitWakeUps() == settled);
      assertTrue(settled - atOpen <= 3, "wake-ups for one append: " + (settled - atOpen));
    }
    assertEquals(1, reopenPending());
  }

  private long reopenPending() throws Exception {
    try (DiskSpool spool =
        DiskSpool.open(
            SpoolConfig.builder(dir).build(), BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
      return spool.pendingEvents();
    }
  }
}
