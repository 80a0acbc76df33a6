package dev.hydrant.internal.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.testing.LogCapture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConnectionPoolTest {
  @RegisterExtension final LogCapture logs = new LogCapture();

  @Test
  void buildsTheClientOnADaemonThreadThatEnds() {
    FakeClient fake = new FakeClient();
    AtomicReference<Thread> builder = new AtomicReference<>();
    ConnectionPool pool =
        ConnectionPool.startBuilding(
            () -> {
              builder.set(Thread.currentThread());
              return fake;
            },
            () -> {});
    assertSame(fake, pool.get());
    assertEquals(ConnectionPool.THREAD_NAME, builder.get().getName());
    assertTrue(builder.get().isDaemon());
    await().until(() -> !builder.get().isAlive());
    pool.close();
    assertTrue(fake.closed.get());
  }

  @Test
  void theWorkAfterTheBuildRunsOnTheBuilderThreadWithoutHoldingRequestsBack() throws Exception {
    FakeClient fake = new FakeClient();
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> afterwards = new AtomicReference<>();
    ConnectionPool pool =
        ConnectionPool.startBuilding(
            () -> fake,
            () -> {
              afterwards.set(Thread.currentThread());
              awaitQuietly(release);
            });
    assertSame(fake, pool.get()); // while the work afterwards is still held
    await().until(() -> afterwards.get() != null);
    assertEquals(ConnectionPool.THREAD_NAME, afterwards.get().getName());
    assertTrue(afterwards.get().isAlive());
    release.countDown();
    await().until(() -> !afterwards.get().isAlive());
    pool.close();
  }

  @Test
  void aFailedBuildIsLoggedAndTriedAgainByTheFirstRequest() {
    FakeClient fake = new FakeClient();
    AtomicInteger calls = new AtomicInteger();
    ConnectionPool pool =
        ConnectionPool.startBuilding(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("simulated: no pool this time");
              }
              return fake;
            },
            () -> {});
    assertSame(fake, pool.get());
    assertEquals(2, calls.get());
    assertEquals(
        1,
        logs.lines(
                LogCapture.at(
                    "WARN",
                    "could not build the HTTP connection pool on hydrant-init; the first request"
                        + " tries again: java.lang.IllegalStateException: simulated: no pool"))
            .size(),
        logs.lines().toString());
    assertSame(fake, pool.get());
    assertEquals(2, calls.get());
    pool.close();
  }

  @Test
  void aBuildThatKeepsFailingFailsEveryRequestNamingTheCause() {
    AtomicInteger calls = new AtomicInteger();
    ConnectionPool pool =
        ConnectionPool.startBuilding(
            () -> {
              calls.incrementAndGet();
              throw new OutOfMemoryError("simulated: no room for the pool");
            },
            () -> {});
    for (int i = 0; i < 2; i++) {
      IllegalStateException e = assertThrows(IllegalStateException.class, pool::get);
      assertEquals(
          "the HTTP connection pool could not be built: java.lang.OutOfMemoryError: simulated:"
              + " no room for the pool",
          e.getMessage());
      assertTrue(e.getCause() instanceof OutOfMemoryError);
    }
    assertEquals(3, calls.get());
    pool.close();
  }

  @Test
  void closeDuringTheBuildDoesNotWaitAndClosesTheClientOnceBuilt() throws Exception {
    FakeClient fake = new FakeClient();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    ConnectionPool pool =
        ConnectionPool.startBuilding(
            () -> {
              started.countDown();
              awaitQuietly(release);
              return fake;
            },
            () -> {});
    started.await();
    pool.close(); // returns while the builder is held: a blocking close would time the test out
    assertFalse(fake.closed.get());
    release.countDown();
    await().untilTrue(fake.closed);
    IllegalStateException e = assertThrows(IllegalStateException.class, pool::get);
    assertEquals("the HTTP connection pool is closed", e.getMessage());
  }

  @Test
  void aRequestWaitingForTheBuildKeepsItsInterrupt() throws Exception {
    FakeClient fake = new FakeClient();
    CountDownLatch release = new CountDownLatch(1);
    ConnectionPool pool =
        ConnectionPool.startBuilding(
            () -> {
              awaitQuietly(release);
              return fake;
            },
            () -> {});
    AtomicReference<SdkHttpClient> got = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread request =
        new Thread(
            () -> {
              got.set(pool.get());
              interruptKept.set(Thread.currentThread().isInterrupted());
            });
    request.start();
    await().until(() -> request.getState() == Thread.State.WAITING);
    request.interrupt();
    release.countDown();
    request.join();
    assertSame(fake, got.get());
    assertTrue(interruptKept.get());
    pool.close();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A client that only records whether it was closed. */
  private static final class FakeClient implements SdkHttpClient {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      throw new UnsupportedOperationException("no requests in this test");
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
