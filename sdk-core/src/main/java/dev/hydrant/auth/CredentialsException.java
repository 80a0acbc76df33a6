package dev.hydrant.auth;

/**
 * A {@link CredentialsProvider} could not supply credentials. {@link #refused()} tells a
 * configuration failure (the credentials endpoint refused the device's certificate, the thing name
 * or the role alias: retrying the same request cannot help) from an outage (endpoint unreachable,
 * throttled or failing: retried with backoff). Messages never carry secrets.
 */
public class CredentialsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean refused;

  public CredentialsException(String message, boolean refused) {
    super(message);
    this.refused = refused;
  }

  public CredentialsException(String message, boolean refused, Throwable cause) {
    super(message, cause);
    this.refused = refused;
  }

  /** Whether the endpoint refused this device's identity (as opposed to being unavailable). */
  public boolean refused() {
    return refused;
  }
}
