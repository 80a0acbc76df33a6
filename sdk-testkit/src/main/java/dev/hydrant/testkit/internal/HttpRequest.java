package dev.hydrant.testkit.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed HTTP/1.1 request.
 *
 * @param method the request method, as sent
 * @param path the decoded-as-sent path without the query string
 * @param query the raw query string, empty when absent
 * @param headers header values by lower-case name (the first value of repeated headers)
 * @param body the request body; empty when {@code bodyTooLarge}
 * @param bodyTooLarge whether the declared or streamed body exceeded the server's limit (it was not
 *     read; the connection is closed after the response)
 */
public record HttpRequest(
    String method,
    String path,
    String query,
    Map<String, String> headers,
    byte[] body,
    boolean bodyTooLarge) {

  /** The value of a header by case-insensitive name, or {@code null}. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The value of a query parameter (no URL decoding beyond {@code %XX} is needed here), or null.
   */
  public String queryParameter(String name) {
    if (query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
