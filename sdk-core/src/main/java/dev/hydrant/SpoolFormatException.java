package dev.hydrant;

/**
 * Thrown when a disk spool holds files in a format this version of Hydrant cannot read (written by
 * a newer version). The files are left untouched, so a matching version can still read them. The
 * message names the file and the version found.
 */
public final class SpoolFormatException extends HydrantException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the value at fault
   */
  public SpoolFormatException(String message) {
    super(message);
  }
}
