package dev.hydrant;

import java.io.IOException;

/**
 * Thrown by {@code append} when the disk spool could not store an event (disk full, read-only file
 * system, vanished directory, failed fsync). The event was not accepted; what was stored before is
 * not damaged and is still delivered.
 */
public final class SpoolWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the value at fault
   * @param cause the underlying error
   */
  public SpoolWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
