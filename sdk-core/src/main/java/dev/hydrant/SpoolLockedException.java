package dev.hydrant;

/**
 * Thrown when a disk spool directory is already in use by another process (or another spool in this
 * process). Two writers on one spool would corrupt it, so the second one is refused. The message
 * names the directory.
 */
public final class SpoolLockedException extends HydrantException {
  private static final long serialVersionUID = 1L;

  public SpoolLockedException(String message) {
    super(message);
  }
}
