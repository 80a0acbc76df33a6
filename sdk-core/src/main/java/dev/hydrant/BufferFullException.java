package dev.hydrant;

/**
 * Thrown by {@code send} when the buffer is full and the {@link BufferFullPolicy#block block}
 * policy's timeout passed without room appearing. The event was not accepted.
 */
public final class BufferFullException extends HydrantException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the value at fault
   */
  public BufferFullException(String message) {
    super(message);
  }
}
