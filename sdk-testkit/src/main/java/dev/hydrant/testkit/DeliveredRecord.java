package dev.hydrant.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record Firehose accepted.
 *
 * @param stream the delivery stream name
 * @param recordId the opaque id returned to the caller
 * @param data the decoded record bytes (not copied: do not modify)
 * @param arrival when the emulator accepted it
 */
public record DeliveredRecord(String stream, String recordId, byte[] data, Instant arrival) {

  /** {@return the data as UTF-8 text} */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DeliveredRecord{stream="
        + stream
        + ", bytes="
        + data.length
        + ", arrival="
        + arrival
        + '}';
  }
}
