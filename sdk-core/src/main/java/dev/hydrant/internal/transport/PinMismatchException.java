package dev.hydrant.internal.transport;

import java.security.cert.CertificateException;

/** The validated chain matched none of the host's pins; the message lists both sides. */
final class PinMismatchException extends CertificateException {
  private static final long serialVersionUID = 1L;

  PinMismatchException(String message) {
    super(message);
  }
}
