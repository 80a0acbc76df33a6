package dev.hydrant.internal.transport;

import java.util.Collections;
import java.util.List;

/**
 * {@link RecordDelivery#deliver} was interrupted. Carries what was settled before: one entry per
 * record, {@code null} where the record's fate is unknown, so that records the proxy already
 * acknowledged are not reported as undelivered.
 */
public final class DeliveryInterruptedException extends InterruptedException {
  private static final long serialVersionUID = 1L;

  private final transient List<RecordResult> partial;

  DeliveryInterruptedException(String message, List<RecordResult> partial) {
    super(message);
    this.partial = Collections.unmodifiableList(partial);
  }

  /** Per record (same order as sent): its result, or {@code null} if not settled. */
  public List<RecordResult> partial() {
    return partial;
  }
}
