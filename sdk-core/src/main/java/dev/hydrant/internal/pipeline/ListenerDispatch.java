package dev.hydrant.internal.pipeline;

import dev.hydrant.AttemptEnd;
import dev.hydrant.AttemptStart;
import dev.hydrant.DeliveryFailure;
import dev.hydrant.DeliveryHealth;
import dev.hydrant.DeliveryListener;
import dev.hydrant.DropReason;
import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the user's listener and counts in the metrics, isolating Hydrant from the listener: any
 * {@link Throwable} a callback throws is caught, counted ({@code listenerErrors}) and logged; the
 * event's fate stays what it was. Drops, failures and listener errors are each logged at most once
 * per {@link #LOG_INTERVAL_MILLIS} with running counts, never once per event; nothing from the
 * events' payloads is logged.
 */
public final class ListenerDispatch {
  private static final Logger log = LoggerFactory.getLogger("dev.hydrant");
  static final long LOG_INTERVAL_MILLIS = 10_000;

  private final DeliveryListener listener;
  private final MetricsRecorder metrics;
  private final Clock clock;
  private final Object logLock = new Object();
  // false until the first line is printed: a "last logged" time of Long.MIN_VALUE would overflow
  // in now - last and suppress every line.
  private boolean dropLogged;
  private long lastDropLogMillis;
  private long dropsSinceLog;
  private boolean failLogged;
  private long lastFailLogMillis;
  private long failsSinceLog;
  private boolean errorLogged;
  private long lastErrorLogMillis;
  private long errorsSinceLog;

  public ListenerDispatch(DeliveryListener listener, MetricsRecorder metrics, Clock clock) {
    this.listener = listener;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void accepted(String deviceId, long seq) {
    metrics.accepted();
    if (listener == DeliveryListener.NONE) {
      return;
    }
    try {
      listener.onAccepted(deviceId, seq);
    } catch (Throwable e) {
      listenerThrew("onAccepted", e);
    }
  }

  public void delivered(List<BufferedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    if (listener != DeliveryListener.NONE) {
      try {
        listener.onDelivered(refs(events));
      } catch (Throwable e) {
        listenerThrew("onDelivered", e);
      }
    }
    // Counted after the callback, so that a metrics snapshot never shows an event as delivered
    // before the listener heard of it.
    metrics.delivered(events);
  }

  public void failed(FailureReason reason, String detail, List<BufferedEvent> events) {
    failed(DeliveryFailure.of(reason, detail), events);
  }

  /** Reports {@code events} failed, counts them and logs (rate-limited) with the request id. */
  public void failed(DeliveryFailure failure, List<BufferedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    logRateLimited(false, events.size(), describe(failure));
    callFailed(failure, events);
    metrics.failed(failure.reason(), events.size());
  }

  /** The reason, detail, and the last HTTP status and request id when there were any. */
  static String describe(DeliveryFailure failure) {
    StringBuilder b = new StringBuilder(failure.reason().name());
    if (failure.detail() != null) {
      b.append(" (").append(failure.detail()).append(')');
    }
    if (failure.statusCode() != 0 || failure.requestId().isPresent()) {
      b.append(" [HTTP ").append(failure.statusCode());
      failure.requestId().ifPresent(id -> b.append(", x-amzn-RequestId ").append(id));
      b.append(']');
    }
    return b.toString();
  }

  /** Reports an attempt about to be sent. Sender thread. */
  public void attemptStart(AttemptStart attempt) {
    if (listener == DeliveryListener.NONE) {
      return;
    }
    try {
      listener.onAttemptStart(attempt);
    } catch (Throwable e) {
      listenerThrew("onAttemptStart", e);
    }
  }

  /**
   * Times the attempt in the metrics (unless abandoned) and reports how it ended. Sender thread.
   */
  public void attemptEnd(AttemptEnd attempt) {
    if (attempt.outcome() != AttemptEnd.Outcome.ABANDONED) {
      metrics.requestLatency(attempt.latency().toNanos());
    }
    if (listener == DeliveryListener.NONE) {
      return;
    }
    try {
      listener.onAttemptEnd(attempt);
    } catch (Throwable e) {
      listenerThrew("onAttemptEnd", e);
    }
  }

  /**
   * Like {@link #failed}, but waits at most {@code timeoutNanos} for the listener: the callback
   * runs on a thread of its own, so a listener that blocks cannot hold up the caller (close). If it
   * has not returned in time the events are counted as failed anyway (once: not again when it
   * returns) and a warning is logged.
   *
   * @return whether the listener returned in time
   */
  public boolean failedWithin(
      FailureReason reason, String detail, List<BufferedEvent> events, long timeoutNanos) {
    if (events.isEmpty()) {
      return true;
    }
    if (listener == DeliveryListener.NONE) {
      failed(reason, detail, events);
      return true;
    }
    logRateLimited(false, events.size(), reason + (detail == null ? "" : " (" + detail + ")"));
    AtomicBoolean counted = new AtomicBoolean();
    CountDownLatch returned = new CountDownLatch(1);
    Thread callbacks =
        new Thread(
            () -> {
              try {
                callFailed(DeliveryFailure.of(reason, detail), events);
              } finally {
                if (counted.compareAndSet(false, true)) {
                  metrics.failed(reason, events.size());
                }
                returned.countDown();
              }
            },
            "hydrant-listener-" + reason.name().toLowerCase(Locale.ROOT));
    callbacks.setDaemon(true);
    callbacks.start();
    boolean inTime;
    try {
      inTime = returned.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inTime = false;
    }
    if (!inTime && counted.compareAndSet(false, true)) {
      metrics.failed(reason, events.size());
      log.warn(
          "DeliveryListener.onFailed did not return in time; {} event(s) counted as failed ({})"
              + " without waiting for it",
          events.size(),
          reason);
    }
    return inTime;
  }

  private void callFailed(DeliveryFailure failure, List<BufferedEvent> events) {
    try {
      listener.onFailed(failure, refs(events));
    } catch (Throwable e) {
      listenerThrew("onFailed", e);
    }
  }

  public void dropped(DropReason reason, long count, List<BufferedEvent> events) {
    if (count <= 0) {
      return;
    }
    logRateLimited(true, count, reason.name());
    try {
      listener.onDropped(reason, count, refs(events));
    } catch (Throwable e) {
      listenerThrew("onDropped", e);
    }
    metrics.dropped(reason, count);
  }

  public void retry(int attempt, String reason, Duration wait) {
    metrics.retry();
    try {
      listener.onRetry(attempt, reason, wait);
    } catch (Throwable e) {
      listenerThrew("onRetry", e);
    }
  }

  public void healthChanged(DeliveryHealth previous, DeliveryHealth current) {
    try {
      listener.onHealthChanged(previous, current);
    } catch (Throwable e) {
      listenerThrew("onHealthChanged", e);
    }
  }

  /**
   * A callback threw: counted, and logged at most once per {@link #LOG_INTERVAL_MILLIS} (with the
   * stack trace of the one logged). The event's fate is unchanged. Errors are not rethrown either,
   * a {@link VirtualMachineError} included: the sender would otherwise settle events whose end was
   * already decided (a delivered event resent or reported failed); it is logged at ERROR.
   */
  private void listenerThrew(String callback, Throwable e) {
    metrics.listenerError();
    long now = clock.millis();
    long errors;
    synchronized (logLock) {
      errorsSinceLog++;
      if (errorLogged && now - lastErrorLogMillis < LOG_INTERVAL_MILLIS) {
        return;
      }
      errorLogged = true;
      lastErrorLogMillis = now;
      errors = errorsSinceLog;
      errorsSinceLog = 0;
    }
    if (e instanceof VirtualMachineError) {
      log.error(
          "DeliveryListener.{} threw {}; ignored, delivery goes on ({} listener error(s) since"
              + " last report)",
          callback,
          e,
          errors,
          e);
    } else {
      log.warn(
          "DeliveryListener.{} threw {}; ignored ({} listener error(s) since last report)",
          callback,
          e,
          errors,
          e);
    }
  }

  private void logRateLimited(boolean drop, long count, String why) {
    long now = clock.millis();
    synchronized (logLock) {
      if (drop) {
        dropsSinceLog += count;
        if (dropLogged && now - lastDropLogMillis < LOG_INTERVAL_MILLIS) {
          return;
        }
        dropLogged = true;
        lastDropLogMillis = now;
        log.warn("dropped {} event(s) since last report, latest reason {}", dropsSinceLog, why);
        dropsSinceLog = 0;
      } else {
        failsSinceLog += count;
        if (failLogged && now - lastFailLogMillis < LOG_INTERVAL_MILLIS) {
          return;
        }
        failLogged = true;
        lastFailLogMillis = now;
        log.warn(
            "{} event(s) not delivered since last report, latest reason {}", failsSinceLog, why);
        failsSinceLog = 0;
      }
    }
  }

  static List<EventRef> refs(List<BufferedEvent> events) {
    List<EventRef> refs = new ArrayList<>(events.size());
    for (BufferedEvent e : events) {
      refs.add(new EventRef(e.deviceId(), e.seq(), e.acceptedAtMillis(), e.line()));
    }
    return refs;
  }
}
