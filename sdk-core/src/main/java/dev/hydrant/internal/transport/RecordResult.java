package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;

/**
 * The final result for one record.
 *
 * @param delivered whether the proxy proved delivery with a RecordId
 * @param recordId Firehose's RecordId when delivered, else {@code null}
 * @param reason why not delivered, else {@code null}
 * @param detail explanation of the last failure (status, error code, message), else {@code null}
 */
public record RecordResult(
    boolean delivered, String recordId, FailureReason reason, String detail) {
  static RecordResult ok(String recordId) {
    return new RecordResult(true, recordId, null, null);
  }

  static RecordResult failed(FailureReason reason, String detail) {
    return new RecordResult(false, null, reason, detail);
  }
}
