package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.DeliveryListener;
import dev.hydrant.DropReason;
import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.MemoryBuffer;
import dev.hydrant.testing.LogCapture;
import dev.hydrant.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever a callback throws is caught, counted, logged at a bounded rate; fates are unchanged. */
class ListenerIsolationTest {
  @RegisterExtension final LogCapture logs = new LogCapture();

  private static final List<BufferedEvent> ONE =
      List.of(new BufferedEvent(1, "stb-1", 1, 0, "{}\n".getBytes(StandardCharsets.UTF_8)));

  private final MutableClock clock = new MutableClock();
  private final MetricsRecorder metrics = new MetricsRecorder(clock);

  private static final class Throwing implements DeliveryListener {
    private final Throwable t;

    Throwing(Throwable t) {
      this.t = t;
    }

    private void fail() {
      if (t instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) t;
    }

    @Override
    public void onAccepted(String deviceId, long seq) {
      fail();
    }

    @Override
    public void onDelivered(List<EventRef> events) {
      fail();
    }

    @Override
    public void onRetry(int attempt, String reason, Duration wait) {
      fail();
    }

    @Override
    public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
      fail();
    }

    @Override
    public void onDropped(DropReason reason, long count, List<EventRef> events) {
      fail();
    }
  }

  private HydrantMetrics snapshot() {
    return metrics.snapshot(
        new MemoryBuffer(1, 1, dev.hydrant.BufferFullPolicy.dropNewest(), (r, c, e) -> {}));
  }

  @Test
  void everyCallbackIsIsolatedCountedAndLoggedOncePerInterval() {
    ListenerDispatch dispatch =
        new ListenerDispatch(new Throwing(new IllegalStateException("bug")), metrics, clock);
    for (int i = 0; i < 100; i++) {
      dispatch.accepted("stb-1", i + 1);
    }
    dispatch.delivered(ONE);
    dispatch.failed(FailureReason.FORBIDDEN, "Forbidden", ONE);
    dispatch.dropped(DropReason.BUFFER_FULL_OLDEST, 1, ONE);
    dispatch.retry(1, "HTTP 503", Duration.ofMillis(5));

    HydrantMetrics m = snapshot();
    assertEquals(104, m.listenerErrors());
    assertEquals(100, m.accepted(), "fates unchanged");
    assertEquals(1, m.delivered());
    assertEquals(1, m.failed());
    assertEquals(1, m.dropped());
    assertEquals(1, m.retries());
    List<String> lines = logs.lines(LogCapture.at("WARN", "DeliveryListener.onAccepted threw"));
    assertEquals(1, lines.size(), "one line per interval, not one per send");
    assertEquals(
        1,
        logs.lines(l -> l.startsWith("java.lang.IllegalStateException: bug")).size(),
        "one stack trace, that of the logged error");

    clock.now += ListenerDispatch.LOG_INTERVAL_MILLIS;
    dispatch.accepted("stb-1", 101);
    assertEquals(
        1,
        logs.lines(
                LogCapture.at(
                    "WARN",
                    "DeliveryListener.onAccepted threw java.lang.IllegalStateException: bug; ignored (104 listener error(s)"))
            .size());
  }

  @Test
  void aVirtualMachineErrorIsLoggedAtErrorAndNotRethrown() {
    ListenerDispatch dispatch =
        new ListenerDispatch(new Throwing(new OutOfMemoryError("listener")), metrics, clock);
    dispatch.delivered(ONE);
    dispatch.delivered(ONE);
    HydrantMetrics m = snapshot();
    assertEquals(2, m.delivered(), "counted delivered, never left to be resent");
    assertEquals(2, m.listenerErrors());
    assertEquals(
        1,
        logs.lines(
                LogCapture.at(
                    "ERROR", "DeliveryListener.onDelivered threw java.lang.OutOfMemoryError"))
            .size());
  }
}
