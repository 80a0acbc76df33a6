package dev.hydrant.internal.buffer;

/**
 * One accepted event as the buffer holds it.
 *
 * @param id the buffer's own identifier, unique within the buffer and increasing in append order (a
 *     disk spool uses the record's position); used to ack and release
 * @param deviceId the event's {@code device_id}
 * @param seq the event's per-device {@code seq}
 * @param acceptedAtMillis when {@code send} accepted it, epoch milliseconds
 * @param line the encoded event: one compact JSON line ending in {@code '\n'}; never modified
 */
public record BufferedEvent(
    long id, String deviceId, long seq, long acceptedAtMillis, byte[] line) {
  /** The number of raw bytes this event adds to a Firehose record. */
  public int size() {
    return line.length;
  }
}
