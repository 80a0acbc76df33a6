package dev.hydrant;

/** Base class of every exception Hydrant throws on purpose. Unchecked. */
public class HydrantException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the value at fault
   */
  public HydrantException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the value at fault
   * @param cause the underlying error
   */
  public HydrantException(String message, Throwable cause) {
    super(message, cause);
  }
}
