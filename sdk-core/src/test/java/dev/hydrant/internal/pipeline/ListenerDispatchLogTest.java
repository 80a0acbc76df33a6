package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.DeliveryListener;
import dev.hydrant.DropReason;
import dev.hydrant.FailureReason;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.testing.LogCapture;
import dev.hydrant.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListenerDispatchLogTest {
  @RegisterExtension final LogCapture logs = new LogCapture();

  private static final List<BufferedEvent> ONE =
      List.of(new BufferedEvent(1, "stb-1", 1, 0, "{}\n".getBytes(StandardCharsets.UTF_8)));

  @Test
  void firstFailureIsLoggedAtOnceThenAtMostOncePerInterval() {
    MutableClock clock = new MutableClock();
    ListenerDispatch dispatch =
        new ListenerDispatch(DeliveryListener.NONE, new MetricsRecorder(clock), clock);

    dispatch.failed(FailureReason.FORBIDDEN, "Forbidden", ONE);
    dispatch.failed(FailureReason.FORBIDDEN, "Forbidden", ONE);
    assertEquals(1, logs.lines(LogCapture.at("WARN", "1 event(s) not delivered")).size());

    clock.now += ListenerDispatch.LOG_INTERVAL_MILLIS;
    dispatch.failed(FailureReason.FORBIDDEN, "Forbidden", ONE);
    assertEquals(1, logs.lines(LogCapture.at("WARN", "2 event(s) not delivered")).size());
  }

  @Test
  void firstDropIsLoggedAtOnceThenAtMostOncePerInterval() {
    MutableClock clock = new MutableClock();
    ListenerDispatch dispatch =
        new ListenerDispatch(DeliveryListener.NONE, new MetricsRecorder(clock), clock);

    dispatch.dropped(DropReason.SPOOL_CAP, 5, List.of());
    dispatch.dropped(DropReason.SPOOL_CAP, 5, List.of());
    assertEquals(1, logs.lines(LogCapture.at("WARN", "dropped 5 event(s)")).size());

    clock.now += ListenerDispatch.LOG_INTERVAL_MILLIS;
    dispatch.dropped(DropReason.SPOOL_CAP, 1, List.of());
    assertEquals(1, logs.lines(LogCapture.at("WARN", "dropped 6 event(s)")).size());
  }
}
