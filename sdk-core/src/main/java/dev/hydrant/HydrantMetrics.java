package dev.hydrant;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a client's counters since it was built. Counters only grow; the queue fields are
 * gauges read at the time of the snapshot; the latencies are histograms with fixed memory ({@link
 * LatencyDistribution}), over the client's life and over a recent window.
 *
 * @param accepted events {@code send} accepted
 * @param delivered events the proxy acknowledged
 * @param failed events that will not be delivered (dead-lettered), all reasons, expiry included
 * @param failedByReason {@code failed} split by reason
 * @param dropped events dropped before delivery, all reasons
 * @param droppedByReason {@code dropped} split by reason
 * @param expired events whose delivery deadline passed (also counted in {@code failed})
 * @param retries requests sent again after a retryable failure
 * @param requests HTTP requests sent, retries included
 * @param records Firehose records sent, retries included
 * @param bytesSent request body bytes sent, retries included
 * @param queueEvents events accepted and not yet finished (in the buffer or in flight)
 * @param queueBytes encoded bytes of those events
 * @param oldestEventAge how long the oldest of those has waited; zero when none
 * @param lastSuccess when the proxy last acknowledged anything
 * @param listenerErrors {@link DeliveryListener} callbacks that threw (caught, logged, ignored)
 * @param health the delivery state (healthy, degraded, failing), since when, and the last error
 * @param deliveryLatency from {@code send} accepting an event to the proxy acknowledging it, for
 *     each delivered event (retries and waits included; millisecond resolution)
 * @param requestLatency from sending an HTTP request to its answer or error, for each attempt
 *     (microsecond resolution; attempts abandoned by {@code close} are not timed)
 */
public record HydrantMetrics(
    long accepted,
    long delivered,
    long failed,
    Map<FailureReason, Long> failedByReason,
    long dropped,
    Map<DropReason, Long> droppedByReason,
    long expired,
    long retries,
    long requests,
    long records,
    long bytesSent,
    long queueEvents,
    long queueBytes,
    Duration oldestEventAge,
    Optional<Instant> lastSuccess,
    long listenerErrors,
    DeliveryHealth health,
    LatencyStats deliveryLatency,
    LatencyStats requestLatency) {

  /**
   * Copies the maps, so the snapshot is immutable.
   *
   * @param accepted events {@code send} accepted
   * @param delivered events the proxy acknowledged
   * @param failed events that will not be delivered (dead-lettered), all reasons, expiry included
   * @param failedByReason {@code failed} split by reason
   * @param dropped events dropped before delivery, all reasons
   * @param droppedByReason {@code dropped} split by reason
   * @param expired events whose delivery deadline passed (also counted in {@code failed})
   * @param retries requests sent again after a retryable failure
   * @param requests HTTP requests sent, retries included
   * @param records Firehose records sent, retries included
   * @param bytesSent request body bytes sent, retries included
   * @param queueEvents events accepted and not yet finished (in the buffer or in flight)
   * @param queueBytes encoded bytes of those events
   * @param oldestEventAge how long the oldest of those has waited; zero when none
   * @param lastSuccess when the proxy last acknowledged anything
   * @param listenerErrors {@link DeliveryListener} callbacks that threw (caught, logged, ignored)
   * @param health the delivery state (healthy, degraded, failing), since when, and the last error
   * @param deliveryLatency from {@code send} accepting an event to the proxy acknowledging it
   * @param requestLatency from sending an HTTP request to its answer or error
   * @throws NullPointerException if {@code health}, {@code deliveryLatency} or {@code
   *     requestLatency} is null
   */
  public HydrantMetrics {
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(deliveryLatency, "deliveryLatency");
    Objects.requireNonNull(requestLatency, "requestLatency");
    failedByReason = Map.copyOf(failedByReason);
    droppedByReason = Map.copyOf(droppedByReason);
  }
}
