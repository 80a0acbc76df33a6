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
 * @param size the number of raw bytes this event adds to a Firehose record: {@code line.length},
 *     kept beside the other fields so that the sender's bookkeeping (take, ack, limits) never reads
 *     the line array, which is long gone from the CPU's caches by then
 */
public record BufferedEvent(
    long id, String deviceId, long seq, long acceptedAtMillis, byte[] line, int size) {
  /**
   * Checks that {@code size} is the line's length.
   *
   * @throws IllegalArgumentException if {@code size} is not {@code line.length}
   */
  public BufferedEvent {
    if (size != line.length) {
      throw new IllegalArgumentException(
          "size must be line.length (" + line.length + "), got " + size);
    }
  }

  /**
   * An event whose size is its line's length.
   *
   * @param id the buffer's own identifier
   * @param deviceId the event's {@code device_id}
   * @param seq the event's per-device {@code seq}
   * @param acceptedAtMillis when {@code send} accepted it, epoch milliseconds
   * @param line the encoded event
   */
  public BufferedEvent(long id, String deviceId, long seq, long acceptedAtMillis, byte[] line) {
    this(id, deviceId, seq, acceptedAtMillis, line, line.length);
  }
}
