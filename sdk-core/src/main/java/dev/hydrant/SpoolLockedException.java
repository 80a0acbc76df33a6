package dev.hydrant;

/**
 * Thrown when a disk spool directory is already in use by another process (or another spool in this
 * process). Two writers on one spool would corrupt it, so the second one is refused. The message
 * names the directory.
 */
public final class SpoolLockedException extends HydrantException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the value at fault
   */
  public SpoolLockedException(String message) {
    super(message);
  }
}
