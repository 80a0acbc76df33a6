package dev.hydrant.internal.transport;

import java.util.List;

/**
 * What {@link RecordDelivery#deliver} achieved.
 *
 * @param results one per input record, same order
 * @param attempts HTTP attempts made
 */
public record DeliveryReport(List<RecordResult> results, int attempts) {
  public DeliveryReport {
    results = List.copyOf(results);
  }

  /** Number of records delivered. */
  public long deliveredCount() {
    return results.stream().filter(RecordResult::delivered).count();
  }
}
