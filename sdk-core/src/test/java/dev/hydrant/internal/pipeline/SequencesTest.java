package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SequencesTest {
  @Test
  void aRefundedLatestNumberIsGivenOutAgain() {
    Sequences s = new Sequences(Map.of("b", 41L));
    assertEquals(1, s.next("a"));
    s.refund("a", 1);
    assertEquals(1, s.next("a"));
    assertEquals(42, s.next("b"));
    s.refund("b", 42);
    assertEquals(42, s.next("b"));
    assertEquals(Map.of(), s.unused());
  }

  @Test
  void aRefundBehindALaterNumberGoesToTheNextSend() {
    Sequences s = new Sequences(Map.of());
    long first = s.next("a");
    long second = s.next("a");
    s.refund("a", first);
    assertEquals(Map.of("a", List.of(first)), s.unused(), "reported while not reused");
    assertEquals(first, s.next("a"));
    assertEquals(second + 1, s.next("a"));
    assertEquals(Map.of(), s.unused());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentSendsWithRefusalsLeaveNeitherGapsNorDuplicates() throws Exception {
    Sequences s = new Sequences(Map.of());
    int threads = 8;
    int perThread = 20_000;
    ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int done = 0;
                while (done < perThread) {
                  long seq = s.next("dev");
                  if (random.nextInt(4) == 0) {
                    s.refund("dev", seq);
                  } else {
                    accepted.add(seq);
                    done++;
                  }
                }
              });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    // Numbers refunded after every other thread had finished wait for the next send.
    List<Long> left = s.unused().getOrDefault("dev", List.of());
    for (int i = 0; i < left.size(); i++) {
      accepted.add(s.next("dev"));
    }
    List<Long> sorted = accepted.stream().sorted().toList();
    long total = (long) threads * perThread + left.size();
    assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), sorted);
    assertTrue(s.unused().isEmpty());
  }
}
