package dev.hydrant.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class UuidV7Test {
  private static final long MILLIS = 1_795_000_000_123L; // 2026-11-18

  @Test
  void setsTheTimestampVersionAndVariantBits() {
    UUID id = new UuidV7(new SplittableRandom(1)::nextLong).next(MILLIS);

    assertEquals(7, id.version());
    assertEquals(2, id.variant(), "RFC 9562 variant 10xx");
    assertEquals(MILLIS, id.getMostSignificantBits() >>> 16, "48-bit unix_ts_ms");
    assertEquals('7', id.toString().charAt(14));
    assertTrue("89ab".indexOf(id.toString().charAt(19)) >= 0, id.toString());
  }

  @Test
  void increasesStrictlyWithinOneMillisecondAndAcrossMilliseconds() {
    UuidV7 generator = new UuidV7(new SplittableRandom(2)::nextLong);
    UUID previous = generator.next(MILLIS);
    // 5000 ids in one millisecond overflow the 12-bit counter, borrowing the next milliseconds.
    for (int i = 0; i < 5000; i++) {
      UUID next = generator.next(i < 4000 ? MILLIS : MILLIS + 1);
      assertTrue(compareUnsigned(previous, next) < 0, previous + " then " + next);
      assertEquals(7, next.version());
      assertEquals(2, next.variant());
      previous = next;
    }
  }

  @Test
  void neverGoesBackwardsWhenTheClockDoes() {
    UuidV7 generator = new UuidV7(new SplittableRandom(3)::nextLong);
    UUID late = generator.next(MILLIS + 1000);
    UUID afterStepBack = generator.next(MILLIS);

    assertTrue(compareUnsigned(late, afterStepBack) < 0);
    assertEquals(MILLIS + 1000, afterStepBack.getMostSignificantBits() >>> 16);
  }

  @Test
  void sortsAsStringsInTimeOrder() {
    UuidV7 generator = UuidV7.create();
    List<String> ids = new ArrayList<>();
    for (long t = MILLIS; t < MILLIS + 50; t++) {
      ids.add(generator.next(t).toString());
      ids.add(generator.next(t).toString());
    }
    List<String> sorted = new ArrayList<>(ids);
    sorted.sort(null);
    assertEquals(sorted, ids);
  }

  @Test
  @Timeout(30)
  void isUniqueUnderConcurrency() throws Exception {
    int threads = 8;
    int perThread = 20_000;
    UuidV7 generator = UuidV7.create();
    Set<UUID> all = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<UUID>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<UUID> mine = new ArrayList<>(perThread);
                  for (int i = 0; i < perThread; i++) {
                    // Few distinct milliseconds, so threads contend on the same counter.
                    mine.add(generator.next(MILLIS + i / 5000));
                  }
                  return mine;
                }));
      }
      start.countDown();
      for (Future<List<UUID>> result : results) {
        List<UUID> mine = result.get(30, TimeUnit.SECONDS);
        for (int i = 1; i < mine.size(); i++) {
          assertTrue(compareUnsigned(mine.get(i - 1), mine.get(i)) < 0, "monotonic per thread");
        }
        all.addAll(mine);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * perThread, all.size(), "no duplicates");
  }

  @Test
  void differsInTheRandomBitsBetweenGenerators() {
    Set<Long> lows = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      lows.add(UuidV7.create().next(MILLIS).getLeastSignificantBits());
    }
    assertEquals(100, lows.size());
  }

  private static int compareUnsigned(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}
