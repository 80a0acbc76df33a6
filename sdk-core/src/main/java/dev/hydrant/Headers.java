package dev.hydrant;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules for static headers a user may add to every request. */
final class Headers {
  /** The HTTP token rule for header names (RFC 9110, section 5.6.2). */
  static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private static final Set<String> RESERVED =
      Set.of(
          "content-type",
          "content-length",
          "content-encoding",
          "host",
          "user-agent",
          "x-api-key",
          "transfer-encoding",
          "expect",
          "connection");

  private Headers() {}

  /** Whether Hydrant sets this header itself, so that configuration may not (any case). */
  static boolean isReserved(String name) {
    return RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }
}
