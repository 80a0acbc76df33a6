package dev.hydrant.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server sends back for one request: a normal response, or a simulated network failure.
 *
 * @param status the HTTP status code
 * @param headers response headers in order (Content-Length is added by the server)
 * @param body the body bytes
 * @param disposition whether to answer, reset the connection or close it without answering
 */
public record HttpResponse(
    int status, Map<String, String> headers, byte[] body, Disposition disposition) {

  /** How the server ends the exchange. */
  public enum Disposition {
    /** Write the response; keep the connection open if the client allows it. */
    RESPOND,
    /** Write the response, then close the connection. */
    RESPOND_AND_CLOSE,
    /** Abort the TCP connection with a reset (no response, no TLS close_notify). */
    RESET,
    /** Close the connection cleanly without writing any response. */
    EMPTY
  }

  /** A JSON response with the given status, headers and UTF-8 body. */
  public static HttpResponse json(int status, Map<String, String> headers, String body) {
    return new HttpResponse(
        status, headers, body.getBytes(StandardCharsets.UTF_8), Disposition.RESPOND);
  }

  /** A response carrying no HTTP message at all, for the network-failure dispositions. */
  public static HttpResponse failure(Disposition disposition) {
    return new HttpResponse(0, Map.of(), new byte[0], disposition);
  }

  /** The same response, closing the connection after it is written. */
  public HttpResponse closing() {
    return new HttpResponse(status, headers, body, Disposition.RESPOND_AND_CLOSE);
  }

  /** A mutable ordered header map, for building responses. */
  public static Map<String, String> newHeaders() {
    return new LinkedHashMap<>();
  }
}
