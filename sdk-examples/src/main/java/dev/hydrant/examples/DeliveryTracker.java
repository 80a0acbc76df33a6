package dev.hydrant.examples;

import dev.hydrant.DeliveryListener;
import dev.hydrant.DropReason;
import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import dev.hydrant.testkit.FirehoseBilling;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the client reports about accepted events: acknowledgements, failures, drops and
 * retries, the billed size the acknowledged events would have had one per record, and the first
 * failure that means the configuration is wrong (TLS, authentication, route or stream), which stops
 * a run early. Thread-safe.
 */
final class DeliveryTracker implements DeliveryListener {

  /** Failures that retrying cannot fix: the endpoint, its TLS or the credentials are wrong. */
  static final Set<FailureReason> CONFIGURATION_FAILURES =
      EnumSet.of(
          FailureReason.TLS_HANDSHAKE,
          FailureReason.TLS_CERTIFICATE,
          FailureReason.TLS_PIN_MISMATCH,
          FailureReason.FORBIDDEN,
          FailureReason.ROUTE_NOT_FOUND,
          FailureReason.STREAM_NOT_FOUND,
          FailureReason.ACCESS_DENIED,
          FailureReason.UNSUPPORTED_MEDIA_TYPE,
          FailureReason.BACKEND_CONFIGURATION);

  /** A failure reported by the client, with the proxy's or the TLS stack's own words. */
  record Failure(FailureReason reason, String detail) {}

  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder naiveBilledBytes = new LongAdder();
  private final LongAdder acknowledgedBytes = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final AtomicReference<Failure> configurationFailure = new AtomicReference<>();
  private final AtomicReference<Failure> lastFailure = new AtomicReference<>();
  private final AtomicReference<String> lastRetryReason = new AtomicReference<>();

  @Override
  public void onDelivered(List<EventRef> events) {
    for (EventRef e : events) {
      naiveBilledBytes.add(FirehoseBilling.billedBytes(e.line().length));
      acknowledgedBytes.add(e.line().length);
    }
    acknowledged.add(events.size());
  }

  @Override
  public void onRetry(int attempt, String reason, Duration wait) {
    retries.increment();
    lastRetryReason.set(reason);
  }

  @Override
  public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
    failed.add(events.size());
    Failure f = new Failure(reason, detail == null ? "" : detail);
    lastFailure.set(f);
    if (CONFIGURATION_FAILURES.contains(reason)) {
      configurationFailure.compareAndSet(null, f);
    }
  }

  @Override
  public void onDropped(DropReason reason, long count, List<EventRef> events) {
    dropped.add(count);
  }

  long acknowledged() {
    return acknowledged.sum();
  }

  /** Encoded bytes of the acknowledged events. */
  long acknowledgedBytes() {
    return acknowledgedBytes.sum();
  }

  /** What the acknowledged events would bill sent one event per Firehose record. */
  long naiveBilledBytes() {
    return naiveBilledBytes.sum();
  }

  long failed() {
    return failed.sum();
  }

  long dropped() {
    return dropped.sum();
  }

  long retries() {
    return retries.sum();
  }

  /** The first failure that retrying cannot fix, if any. */
  Failure configurationFailure() {
    return configurationFailure.get();
  }

  /** The most recent failure, if any. */
  Failure lastFailure() {
    return lastFailure.get();
  }

  /** Why the most recent retry happened, or null. */
  String lastRetryReason() {
    return lastRetryReason.get();
  }
}
