package dev.hydrant;

/**
 * The TLS configuration cannot be used: a PEM file, key store or pin could not be parsed, or the
 * JVM supports none of the protocols or cipher suites a {@link dev.hydrant.tls.TlsPolicy} allows.
 * The message names the file, pin or policy at fault. Thrown when the configuration is built, never
 * while sending.
 */
public final class TlsConfigurationException extends HydrantException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the value at fault
   */
  public TlsConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong, naming the value at fault
   * @param cause the underlying error
   */
  public TlsConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
