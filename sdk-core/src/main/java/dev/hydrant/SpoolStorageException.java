package dev.hydrant;

/**
 * Thrown by {@code send} when the disk spool could not store the event: the disk is full or
 * read-only, or the spool directory vanished. The event was not accepted; events already stored are
 * intact and keep being delivered. The cause holds the file system's own error.
 */
public final class SpoolStorageException extends HydrantException {
  private static final long serialVersionUID = 1L;

  public SpoolStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
