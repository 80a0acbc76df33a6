package dev.hydrant;

/**
 * Thrown by {@code send} when the disk spool could not store the event: the disk is full or
 * read-only, or the spool directory vanished. The event was not accepted; events already stored are
 * intact and keep being delivered. The cause holds the file system's own error.
 *
 * <p>One case is in doubt rather than refused: when the write succeeded but forcing it to the
 * storage device ({@code fsync}) failed, the event is in the spool file and may still be delivered.
 * Telemetry downstream deduplicates on {@code event_id}, so resending it is safe.
 */
public final class SpoolStorageException extends HydrantException {
  private static final long serialVersionUID = 1L;

  public SpoolStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
