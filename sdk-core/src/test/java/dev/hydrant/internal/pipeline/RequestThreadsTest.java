package dev.hydrant.internal.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestThreadsTest {

  @Test
  void aRequestStartedFromTheLastOnesReportRunsOnTheSameThread() throws InterruptedException {
    RequestThreads threads = new RequestThreads(2, 10_000, "test-request-");
    Set<String> names = ConcurrentHashMap.newKeySet();
    AtomicInteger left = new AtomicInteger(200);
    CountDownLatch done = new CountDownLatch(1);
    Runnable[] next = new Runnable[1];
    // Like the sender: each answer makes the next request start at once, on the reporting thread's
    // heels, before that thread is back waiting.
    next[0] =
        () ->
            threads.execute(
                () -> names.add(Thread.currentThread().getName()),
                () -> {
                  if (left.decrementAndGet() > 0) {
                    next[0].run();
                  } else {
                    done.countDown();
                  }
                });
    next[0].run();
    assertTrue(done.await(20, TimeUnit.SECONDS));
    assertEquals(Set.of("test-request-1"), names);
    assertEquals(1, threads.threads());
    threads.shutdown();
  }

  @Test
  void busyThreadsMakeNewOnesUpToTheMaximumAndTheRestWaits() throws InterruptedException {
    RequestThreads threads = new RequestThreads(2, 10_000, "test-request-");
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      threads.execute(
          () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
          },
          finished::countDown);
    }
    await().until(() -> running.get() == 2);
    assertEquals(2, threads.threads());
    release.countDown();
    assertTrue(finished.await(10, TimeUnit.SECONDS));
    assertEquals(2, most.get());
    threads.shutdown();
  }

  @Test
  void freeThreadsEndAfterTheKeepAliveAndShutdownRefusesNewRequests() {
    RequestThreads threads = new RequestThreads(3, 50, "test-request-");
    threads.execute(() -> {}, () -> {});
    await().atMost(Duration.ofSeconds(5)).until(() -> threads.threads() == 0);
    threads.shutdown();
    assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> {}, () -> {}));
  }

  @Test
  void aRequestThatThrowsIsStillReportedAndTheNextOneRuns() throws InterruptedException {
    RequestThreads threads = new RequestThreads(1, 10_000, "test-request-");
    CountDownLatch reported = new CountDownLatch(2);
    threads.execute(
        () -> {
          throw new IllegalStateException("boom");
        },
        reported::countDown);
    threads.execute(() -> {}, reported::countDown);
    assertTrue(reported.await(10, TimeUnit.SECONDS), "both reported, the second one ran");
    threads.shutdown();
  }
}
