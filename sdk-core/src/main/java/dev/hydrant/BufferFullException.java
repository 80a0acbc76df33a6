package dev.hydrant;

/**
 * Thrown by {@code send} when the buffer is full and the {@link BufferFullPolicy#block block}
 * policy's timeout passed without room appearing. The event was not accepted.
 */
public final class BufferFullException extends HydrantException {
  private static final long serialVersionUID = 1L;

  public BufferFullException(String message) {
    super(message);
  }
}
