package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Classifies exceptions of one attempt. TLS failures are configuration errors of the device or the
 * endpoint and are never retried: handshake (protocol or cipher refused) → {@link
 * FailureReason#TLS_HANDSHAKE}; untrusted certificate, wrong host name, or a refused client
 * certificate → {@link FailureReason#TLS_CERTIFICATE}; pin mismatch → {@link
 * FailureReason#TLS_PIN_MISMATCH}. Every other I/O failure (reset, empty response, malformed chunk,
 * timeouts) is retryable.
 */
final class TransportFailures {
  private static final List<String> CERTIFICATE_ALERTS =
      List.of(
          "bad_certificate",
          "certificate_required",
          "certificate_unknown",
          "unknown_ca",
          "certificate_expired",
          "certificate_revoked",
          "unsupported_certificate",
          "access_denied");

  private TransportFailures() {}

  /**
   * @param clientCertificateMissing the server asked for a client certificate during this request's
   *     handshake and Hydrant had none (or none the server's issuers accept); a TLS 1.3 server then
   *     drops the connection after the handshake, which the client sees as a plain I/O error
   */
  static Attempt classify(
      Throwable failure,
      boolean deadlineReached,
      long timeoutMillis,
      boolean clientCertificateMissing) {
    FailureReason tls = tlsReason(failure);
    if (tls != null) {
      return Attempt.fatal(Attempt.Response.NONE, tls, explain(tls, failure));
    }
    if (clientCertificateMissing && !deadlineReached) {
      return Attempt.fatal(
          Attempt.Response.NONE,
          FailureReason.TLS_CERTIFICATE,
          "the server refused the client certificate (check ClientCertificate: the server asked"
              + " for one and none is configured, or none issued by a CA it accepts); it then"
              + " closed the connection: "
              + rootMessage(failure));
    }
    String detail =
        deadlineReached
            ? "request aborted after its deadline of " + timeoutMillis + " ms"
            : failure.getClass().getName() + ": " + failure.getMessage();
    return Attempt.retry(Attempt.Response.NONE, FailureReason.RETRIES_EXHAUSTED, detail, null);
  }

  static FailureReason tlsReason(Throwable failure) {
    if (has(failure, PinMismatchException.class)) {
      return FailureReason.TLS_PIN_MISMATCH;
    }
    boolean ssl = false;
    String alertText = "";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLPeerUnverifiedException
          || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException
          || t instanceof CertificateException) {
        return FailureReason.TLS_CERTIFICATE;
      }
      if (t instanceof SSLException) {
        ssl = true;
        alertText += " " + String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (!ssl) {
      return null;
    }
    for (String alert : CERTIFICATE_ALERTS) {
      if (alertText.contains(alert)) {
        return FailureReason.TLS_CERTIFICATE;
      }
    }
    if (failure instanceof SSLHandshakeException
        || hasHandshakeCause(failure)
        || alertText.contains("no appropriate protocol")
        || alertText.contains("protocol_version")
        || alertText.contains("handshake_failure")
        || alertText.contains("insufficient_security")) {
      return FailureReason.TLS_HANDSHAKE;
    }
    // other SSLExceptions (e.g. a record MAC error mid-stream) are transport noise: retry
    return null;
  }

  private static boolean hasHandshakeCause(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  private static String explain(FailureReason reason, Throwable failure) {
    String cause = rootMessage(failure);
    if (reason == FailureReason.TLS_HANDSHAKE) {
      return "TLS handshake failed: the server accepts none of the protocols/cipher suites of the"
          + " TlsPolicy (Hydrant only speaks TLSv1.3/TLSv1.2 with forward-secret AEAD suites): "
          + cause;
    }
    if (reason != FailureReason.TLS_CERTIFICATE) {
      return cause;
    }
    if (has(failure, HostNameMismatchException.class)
        || has(failure, SSLPeerUnverifiedException.class)) {
      return "the server's certificate does not match the endpoint's host name (check the"
          + " endpoint URL): "
          + cause;
    }
    if (has(failure, CertPathBuilderException.class)
        || has(failure, CertPathValidatorException.class)
        || has(failure, CertificateException.class)) {
      return "the server's certificate is not trusted (check Trust: platform store or the CA"
          + " bundle): "
          + cause;
    }
    return "the server refused the client certificate (check ClientCertificate: missing, expired"
        + " or not issued by a CA the server accepts): "
        + cause;
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof PinMismatchException) {
        return t.getMessage();
      }
      if (sb.length() > 0) {
        sb.append(" <- ");
      }
      sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
      if (sb.length() > 600) {
        break;
      }
    }
    return sb.toString();
  }
}
