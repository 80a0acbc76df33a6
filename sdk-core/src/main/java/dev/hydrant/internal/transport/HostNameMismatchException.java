package dev.hydrant.internal.transport;

import java.security.cert.CertificateException;
import java.util.List;

/**
 * A trusted server certificate that does not name the host Hydrant connected to (the JDK's endpoint
 * identification refused it); the cause is the JDK's own exception.
 */
final class HostNameMismatchException extends CertificateException {
  private static final long serialVersionUID = 1L;

  HostNameMismatchException(String host, List<String> names, CertificateException cause) {
    super(
        "Certificate for <"
            + host
            + "> doesn't match any of the subject alternative names: "
            + names,
        cause);
  }
}
