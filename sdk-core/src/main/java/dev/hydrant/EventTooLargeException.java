package dev.hydrant;

/**
 * An event's encoded line is larger than one Firehose record may be, so it can never be sent. Lines
 * are never split (a half event in S3 is worse than none): make the event smaller, e.g. shorter
 * custom string fields.
 */
public final class EventTooLargeException extends HydrantException {
  private static final long serialVersionUID = 1L;

  /** The encoded line's size, in bytes. */
  private final long sizeBytes;

  /** The record limit the line exceeds, in bytes. */
  private final long limitBytes;

  /**
   * Creates the exception; the message states both sizes.
   *
   * @param sizeBytes the encoded line's size, in bytes
   * @param limitBytes the record limit it exceeds, in bytes
   */
  public EventTooLargeException(long sizeBytes, long limitBytes) {
    super(
        "event is "
            + sizeBytes
            + " bytes encoded, over the limit of "
            + limitBytes
            + " bytes per Firehose record");
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }

  /** {@return the encoded line's size, in bytes} */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** {@return the record limit the line exceeds, in bytes} */
  public long limitBytes() {
    return limitBytes;
  }
}
