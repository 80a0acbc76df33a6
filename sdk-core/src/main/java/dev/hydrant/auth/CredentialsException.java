package dev.hydrant.auth;

/**
 * A {@link CredentialsProvider} could not supply credentials. {@link #refused()} tells a
 * configuration failure (the credentials endpoint refused the device's certificate, the thing name
 * or the role alias: retrying the same request cannot help) from an outage (endpoint unreachable,
 * throttled or failing: retried with backoff). Messages never carry secrets.
 */
public class CredentialsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whether the endpoint refused the device's identity rather than being unavailable. */
  private final boolean refused;

  /**
   * A failure without an underlying cause.
   *
   * @param message what failed, without secrets
   * @param refused {@code true} if the endpoint refused the device's identity (retrying the same
   *     request cannot help), {@code false} if it was unavailable
   */
  public CredentialsException(String message, boolean refused) {
    super(message);
    this.refused = refused;
  }

  /**
   * A failure caused by another exception.
   *
   * @param message what failed, without secrets
   * @param refused {@code true} if the endpoint refused the device's identity (retrying the same
   *     request cannot help), {@code false} if it was unavailable
   * @param cause the underlying failure
   */
  public CredentialsException(String message, boolean refused, Throwable cause) {
    super(message, cause);
    this.refused = refused;
  }

  /**
   * {@return whether the endpoint refused this device's identity (as opposed to being unavailable)}
   */
  public boolean refused() {
    return refused;
  }
}
