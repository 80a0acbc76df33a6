package dev.hydrant.internal.pipeline;

import dev.hydrant.DeliveryHealth;
import dev.hydrant.DropReason;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link HydrantMetrics}. */
public final class MetricsRecorder {
  private final Clock clock;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder records = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder listenerErrors = new LongAdder();
  private final Map<FailureReason, LongAdder> failed = new EnumMap<>(FailureReason.class);
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
  private final LatencyRecorder deliveryLatency;
  private final LatencyRecorder requestLatency;
  private volatile long lastSuccessMillis = -1;
  private volatile DeliveryHealth health;

  public MetricsRecorder(Clock clock) {
    this(clock, LatencyRecorder.WINDOW_MILLIS);
  }

  /** Counters read with {@code clock}, latency windows of {@code latencyWindowMillis}. */
  public MetricsRecorder(Clock clock, long latencyWindowMillis) {
    this.clock = clock;
    this.deliveryLatency = new LatencyRecorder(latencyWindowMillis);
    this.requestLatency = new LatencyRecorder(latencyWindowMillis);
    this.health = DeliveryHealth.initial(clock.instant());
    for (FailureReason r : FailureReason.values()) {
      failed.put(r, new LongAdder());
    }
    for (DropReason r : DropReason.values()) {
      dropped.put(r, new LongAdder());
    }
  }

  public void accepted() {
    accepted.increment();
  }

  /**
   * Counts {@code events} delivered and records each one's accept-to-acknowledge latency (events
   * accepted before the device clock was set, or "later" than now, are counted but not timed).
   * Sender thread (or tests).
   */
  public void delivered(List<BufferedEvent> events) {
    long now = clock.millis();
    // Events accepted in the same millisecond have the same latency: one record per run of them,
    // not one per event (a batch holds thousands of events from a few hundred milliseconds).
    long runAccepted = Long.MIN_VALUE;
    long runLength = 0;
    for (BufferedEvent e : events) {
      long accepted = e.acceptedAtMillis();
      if (accepted != runAccepted) {
        recordDeliveryLatency(runAccepted, runLength, now);
        runAccepted = accepted;
        runLength = 0;
      }
      runLength++;
    }
    recordDeliveryLatency(runAccepted, runLength, now);
    delivered.add(events.size());
    lastSuccessMillis = now;
  }

  private void recordDeliveryLatency(long accepted, long count, long now) {
    if (count > 0 && accepted >= Sender.CLOCK_SET_FLOOR_MILLIS && accepted <= now) {
      deliveryLatency.record((now - accepted) * 1_000, now, count);
    }
  }

  /** Records the latency of one HTTP attempt, from its start to its answer (or error). */
  public void requestLatency(long nanos) {
    requestLatency.record(nanos / 1_000, clock.millis());
  }

  public void failed(FailureReason reason, int count) {
    failed.get(reason).add(count);
  }

  /** Events failed so far for {@code reason}. */
  public long failedCount(FailureReason reason) {
    return failed.get(reason).sum();
  }

  public void dropped(DropReason reason, long count) {
    dropped.get(reason).add(count);
  }

  public void request(int recordCount, long bodyBytes) {
    requests.increment();
    records.add(recordCount);
    bytesSent.add(bodyBytes);
  }

  public void listenerError() {
    listenerErrors.increment();
  }

  public void retry() {
    retries.increment();
  }

  /** Publishes the delivery health that the next snapshots show. */
  public void health(DeliveryHealth current) {
    health = Objects.requireNonNull(current, "current");
  }

  /** A snapshot, with the queue gauges read from {@code buffer}. */
  public HydrantMetrics snapshot(EventBuffer buffer) {
    Map<FailureReason, Long> failedBy = new EnumMap<>(FailureReason.class);
    long failedTotal = 0;
    for (Map.Entry<FailureReason, LongAdder> e : failed.entrySet()) {
      long v = e.getValue().sum();
      failedTotal += v;
      if (v > 0) {
        failedBy.put(e.getKey(), v);
      }
    }
    Map<DropReason, Long> droppedBy = new EnumMap<>(DropReason.class);
    long droppedTotal = 0;
    for (Map.Entry<DropReason, LongAdder> e : dropped.entrySet()) {
      long v = e.getValue().sum();
      droppedTotal += v;
      if (v > 0) {
        droppedBy.put(e.getKey(), v);
      }
    }
    OptionalLong oldest = buffer.oldestAcceptedAtMillis();
    long now = clock.millis();
    Duration age =
        oldest.isPresent()
            ? Duration.ofMillis(Math.max(0, now - oldest.getAsLong()))
            : Duration.ZERO;
    long last = lastSuccessMillis;
    return new HydrantMetrics(
        accepted.sum(),
        delivered.sum(),
        failedTotal,
        failedBy,
        droppedTotal,
        droppedBy,
        failed.get(FailureReason.EXPIRED).sum(),
        retries.sum(),
        requests.sum(),
        records.sum(),
        bytesSent.sum(),
        buffer.pendingEvents(),
        buffer.pendingBytes(),
        age,
        last < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last)),
        listenerErrors.sum(),
        health,
        deliveryLatency.stats(now),
        requestLatency.stats(now));
  }
}
