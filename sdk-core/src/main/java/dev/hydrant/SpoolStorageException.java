package dev.hydrant;

/**
 * Thrown by {@code send} when the disk spool could not store the event: the disk is full or
 * read-only, or the spool directory vanished. The event was not accepted; events already stored are
 * intact and keep being delivered. The cause holds the file system's own error.
 *
 * <p>When the write succeeded but forcing it to the storage device ({@code fsync}, {@link
 * SpoolDurability#EVERY_SEND}) failed, the spool cancels the written record: it is not delivered
 * while the client runs, and its {@code seq} goes to the device's next accepted event. One window
 * stays in doubt: if the process stops before the spool's state on disk records the cancellation
 * and the record's bytes did reach the disk, it is delivered after the restart, sharing its {@code
 * seq} with another event. Telemetry downstream deduplicates on {@code event_id}, which tells the
 * two apart.
 */
public final class SpoolStorageException extends HydrantException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the value at fault
   * @param cause the underlying error
   */
  public SpoolStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
