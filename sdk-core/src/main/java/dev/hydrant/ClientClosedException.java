package dev.hydrant;

/** Thrown by {@code send} after {@code close} was called. The event was not accepted. */
public final class ClientClosedException extends HydrantException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the value at fault
   */
  public ClientClosedException(String message) {
    super(message);
  }
}
