package dev.hydrant;

/** Thrown by {@code send} after {@code close} was called. The event was not accepted. */
public final class ClientClosedException extends HydrantException {
  private static final long serialVersionUID = 1L;

  public ClientClosedException(String message) {
    super(message);
  }
}
