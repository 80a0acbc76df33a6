package dev.hydrant;

/** Base class of every exception Hydrant throws on purpose. Unchecked. */
public class HydrantException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HydrantException(String message) {
    super(message);
  }

  public HydrantException(String message, Throwable cause) {
    super(message, cause);
  }
}
