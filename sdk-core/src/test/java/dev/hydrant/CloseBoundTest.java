package dev.hydrant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testing.LogCapture;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.tls.Trust;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * close(timeout) stays bounded whatever the listener does (blocks for ever, throws Errors), and
 * every accepted event still ends in exactly one end callback, or is accounted for in the metrics
 * while its callback is stuck.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloseBoundTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  @RegisterExtension final LogCapture logs = new LogCapture();

  private static final Duration CLOSE = Duration.ofMillis(200);

  /** Generous allowance for a loaded machine on top of the documented bound. */
  private static final long SLACK_MILLIS = 2_000;

  private final DeviceContext device =
      DeviceContext.builder("stb-close-" + System.nanoTime()).build();
  private final Listener listener = new Listener();
  private HydrantClient client;

  @AfterEach
  void release() {
    listener.release.countDown();
    if (client != null) {
      client.close(Duration.ZERO);
    }
  }

  private HydrantClientBuilder toEmulator() {
    return HydrantClient.builder()
        .endpoint(EMULATOR.endpoint())
        .deliveryStream("stb-telemetry")
        .trust(Trust.pem(EMULATOR.caCertificatePem()))
        .linger(Duration.ZERO)
        .listener(listener);
  }

  private HydrantClientBuilder toNowhere() {
    // Nothing listens on port 1: every attempt fails and is retried until close.
    return HydrantClient.builder()
        .endpoint("https://127.0.0.1:1/fh")
        .deliveryStream("stb-telemetry")
        .aggregation(false)
        .linger(Duration.ZERO)
        .initialBackoff(Duration.ofMillis(5))
        .maxBackoff(Duration.ofMillis(20))
        .listener(listener);
  }

  private VideoQualityEvent event() {
    return VideoQualityEvent.builder(device).playbackState(PlaybackState.PLAYING).build();
  }

  private long timedClose() {
    long start = System.nanoTime();
    client.close(CLOSE);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private void assertBounded(long elapsedMillis) {
    long bound = CLOSE.toMillis() + HydrantClient.STOP_GRACE_MILLIS;
    assertTrue(
        elapsedMillis <= bound + SLACK_MILLIS,
        "close took " + elapsedMillis + " ms; bound " + bound + " ms");
  }

  private static void assertAccounted(HydrantMetrics m) {
    assertEquals(
        m.accepted(), m.delivered() + m.failed() + m.dropped() + m.queueEvents(), m.toString());
  }

  @Test
  void aListenerBlockedInOnDeliveredCannotHoldCloseUp() throws Exception {
    listener.blockDelivered = true;
    client = toEmulator().build();
    for (int i = 0; i < 10; i++) {
      assertTrue(client.send(event()));
    }
    assertTrue(listener.blocked.await(20, TimeUnit.SECONDS), "the sender reached the listener");

    assertBounded(timedClose());
    assertEquals(1, logs.lines(LogCapture.at("WARN", "sender thread did not stop")).size());
    assertAccounted(client.metrics());

    listener.release.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> listener.ends() == 10);
    listener.assertExactlyOneEndEach(10);
    // Counted once the callback returns, a moment after the listener saw the events.
    await().atMost(Duration.ofSeconds(20)).until(() -> client.metrics().delivered() == 10);
  }

  @Test
  void aListenerBlockedInOnFailedCannotHoldCloseUpAndClosedEventsAreCounted() throws Exception {
    listener.blockFailed = true;
    client = toNowhere().build();
    for (int i = 0; i < 5; i++) {
      assertTrue(client.send(event()));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> client.metrics().retries() > 0);

    assertBounded(timedClose());
    HydrantMetrics m = client.metrics();
    assertAccounted(m);
    assertTrue(m.failedByReason().getOrDefault(FailureReason.CLOSED, 0L) >= 1, m.toString());
    assertEquals(1, logs.lines(LogCapture.at("WARN", "onFailed did not return in time")).size());

    listener.release.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> listener.ends() == 5);
    listener.assertExactlyOneEndEach(5);
    HydrantMetrics after = client.metrics();
    assertEquals(5, after.failed(), "each counted once, also the one counted before its callback");
    assertEquals(0, after.queueEvents());
  }

  @Test
  void errorsThrownByEveryCallbackNeitherKillTheSenderNorResendDeliveredEvents() {
    listener.error = new StackOverflowError("listener bug");
    client = toEmulator().build();
    for (int i = 0; i < 20; i++) {
      assertTrue(client.send(event()));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));
    for (int i = 0; i < 20; i++) {
      assertTrue(client.send(event()));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)), "the sender survived");
    assertTrue(client.close(CLOSE));
    listener.assertExactlyOneEndEach(40);
    HydrantMetrics m = client.metrics();
    assertEquals(40, m.delivered());
    List<String> lines =
        EMULATOR.emulator().deliveredLines().stream()
            .filter(l -> l.contains("\"device_id\":\"" + device.deviceId() + "\""))
            .toList();
    assertEquals(40, lines.size(), "nothing sent twice");
    assertTrue(m.listenerErrors() >= 40 + 1, "onAccepted and onDelivered threw: " + m);
    assertEquals(
        1,
        logs.lines(
                LogCapture.at(
                    "ERROR", "DeliveryListener.onAccepted threw java.lang.StackOverflowError"))
            .size(),
        "logged at ERROR, once per interval");
  }

  @Test
  void anInvalidCloseTimeoutLeavesTheClientOpen() {
    client = toEmulator().build();
    assertThrows(
        IllegalArgumentException.class, () -> client.close(Duration.ofMillis(Long.MAX_VALUE)));
    assertTrue(client.send(event()), "still accepting");
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertTrue(client.close(Duration.ofSeconds(10)));
    assertThrows(ClientClosedException.class, () -> client.send(event()));
  }

  /** Blocks (ignoring interrupts) or throws as told; counts end callbacks per seq. */
  static final class Listener implements DeliveryListener {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(1);
    final Map<Long, AtomicInteger> endsBySeq = new ConcurrentHashMap<>();
    volatile boolean blockDelivered;
    volatile boolean blockFailed;
    volatile Error error;

    private void block() {
      blocked.countDown();
      boolean released = false;
      while (!released) {
        try {
          released = release.await(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
          // A listener that ignores interrupts: the worst case close must live with.
        }
      }
    }

    private void ended(List<EventRef> events) {
      events.forEach(
          e -> endsBySeq.computeIfAbsent(e.seq(), s -> new AtomicInteger()).incrementAndGet());
    }

    int ends() {
      return endsBySeq.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    void assertExactlyOneEndEach(int events) {
      assertEquals(events, endsBySeq.size(), endsBySeq.toString());
      endsBySeq.forEach((seq, n) -> assertEquals(1, n.get(), "end callbacks of seq " + seq));
    }

    @Override
    public void onAccepted(String deviceId, long seq) {
      if (error != null) {
        throw error;
      }
    }

    @Override
    public void onDelivered(List<EventRef> events) {
      ended(events);
      if (blockDelivered) {
        block();
      }
      if (error != null) {
        throw error;
      }
    }

    @Override
    public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
      ended(events);
      if (blockFailed) {
        block();
      }
      if (error != null) {
        throw error;
      }
    }

    @Override
    public void onDropped(DropReason reason, long count, List<EventRef> events) {
      ended(events);
    }
  }
}
