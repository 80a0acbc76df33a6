package dev.hydrant.internal.pipeline;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the user's listener and counts in the metrics, isolating Hydrant from listener exceptions.
 * Drops and failures are logged at most once per {@link #LOG_INTERVAL_MILLIS} with running counts,
 * never once per event; nothing from the events' payloads is logged.
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
      rethrowIfFatal(e);
      log.warn("DeliveryListener.onAccepted threw; ignored", e);
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
        rethrowIfFatal(e);
        log.warn("DeliveryListener.onDelivered threw; ignored", e);
      }
    }
    // Counted after the callback, so that a metrics snapshot never shows an event as delivered
    // before the listener heard of it.
    metrics.delivered(events.size());
  }

  public void failed(FailureReason reason, String detail, List<BufferedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    logRateLimited(false, events.size(), reason + (detail == null ? "" : " (" + detail + ")"));
    try {
      listener.onFailed(reason, detail, refs(events));
    } catch (Throwable e) {
      rethrowIfFatal(e);
      log.warn("DeliveryListener.onFailed threw; ignored", e);
    }
    metrics.failed(reason, events.size());
  }

  public void dropped(DropReason reason, long count, List<BufferedEvent> events) {
    if (count <= 0) {
      return;
    }
    logRateLimited(true, count, reason.name());
    try {
      listener.onDropped(reason, count, refs(events));
    } catch (Throwable e) {
      rethrowIfFatal(e);
      log.warn("DeliveryListener.onDropped threw; ignored", e);
    }
    metrics.dropped(reason, count);
  }

  public void retry(int attempt, String reason, Duration wait) {
    metrics.retry();
    try {
      listener.onRetry(attempt, reason, wait);
    } catch (Throwable e) {
      rethrowIfFatal(e);
      log.warn("DeliveryListener.onRetry threw; ignored", e);
    }
  }

  public void healthChanged(DeliveryHealth previous, DeliveryHealth current) {
    try {
      listener.onHealthChanged(previous, current);
    } catch (Throwable e) {
      rethrowIfFatal(e);
      log.warn("DeliveryListener.onHealthChanged threw; ignored", e);
    }
  }

  /** Listener failures are isolated, except those the JVM cannot recover from. */
  private static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError e) {
      throw e;
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
