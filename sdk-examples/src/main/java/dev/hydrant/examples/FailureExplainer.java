package dev.hydrant.examples;

import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Turns a failure that retrying cannot fix into the one line a person needs: for a failed TLS
 * handshake it probes the endpoint's protocol versions (as {@code check-tls} does) to say what the
 * endpoint offers instead.
 */
final class FailureExplainer {
  private final TlsProbe probe;

  FailureExplainer(Duration probeTimeout) {
    this.probe = new TlsProbe(probeTimeout);
  }

  /** One line naming the cause of {@code failure} at {@code endpoint}. */
  String explain(DeliveryTracker.Failure failure, URI endpoint, Trust trust) {
    String detail = failure.detail().isBlank() ? "" : " (" + firstCause(failure.detail()) + ")";
    return switch (failure.reason()) {
      case TLS_HANDSHAKE -> explainHandshake(failure, endpoint, trust);
      case TLS_CERTIFICATE ->
          "the endpoint's certificate is not trusted"
              + detail
              + "; pass its CA with --trust FILE, or check the host name";
      case TLS_PIN_MISMATCH ->
          "the endpoint's certificate chain matches none of the --pin values" + detail;
      case FORBIDDEN ->
          "the proxy answered 403 Forbidden"
              + detail
              + "; check the --endpoint path and the API key (--api-key or $"
              + ClientOptions.API_KEY_ENV
              + ")";
      case ROUTE_NOT_FOUND -> "the proxy has no such route" + detail + "; check --endpoint";
      case STREAM_NOT_FOUND, ACCESS_DENIED ->
          "Firehose refused the delivery stream" + detail + "; check --stream";
      default -> failure.reason() + detail;
    };
  }

  /** The client joins nested causes with {@code " <- "}; the first one says enough for one line. */
  static String firstCause(String detail) {
    int cut = detail.indexOf(" <- ");
    return cut < 0 ? detail : detail.substring(0, cut);
  }

  private String explainHandshake(DeliveryTracker.Failure failure, URI endpoint, Trust trust) {
    try {
      TlsReport report = probe.probe(endpoint, trust);
      if (!report.accepts("TLSv1.2") && !report.accepts("TLSv1.3")) {
        return report.problem();
      }
      return "TLS handshake with "
          + endpoint.getHost()
          + " failed although it offers "
          + String.join(" and ", report.acceptedProtocols())
          + ": "
          + firstCause(failure.detail())
          + " (run check-tls for details)";
    } catch (IOException e) {
      return "TLS handshake with "
          + endpoint.getHost()
          + " failed: "
          + firstCause(failure.detail())
          + "; probing it failed too: "
          + TlsProbe.message(e);
    }
  }
}
