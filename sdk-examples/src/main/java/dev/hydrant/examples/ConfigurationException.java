package dev.hydrant.examples;

/**
 * A problem with what the user asked for (options, files, endpoint, TLS) that no retry can fix. The
 * CLI prints its message as one line on stderr and exits with {@value HydrantDemo#EXIT_CONFIG}.
 */
final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConfigurationException(String message) {
    super(message);
  }

  ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
