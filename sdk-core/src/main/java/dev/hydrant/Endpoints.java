package dev.hydrant;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates proxy endpoint URIs: {@code https} only; a host the JDK can parse; a port, if given, of
 * 1 to 65535; no user info (credentials in a URL would be printed by {@code toString()} and logs);
 * no query string or fragment (the batch route is derived from the path, so a query could not be
 * carried to both routes consistently). Messages never repeat user info.
 */
final class Endpoints {
  private static final Pattern USER_INFO = Pattern.compile("(//)[^/?#]*@");
  private static final Pattern PORT = Pattern.compile(":(\\d*)$");

  private Endpoints() {}

  /** Parses text, refusing what {@link URI#create} refuses with a message naming {@code name}. */
  static URI parse(String text, String name) {
    requireNonNull(text, name);
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          name + " is not a valid URI (" + e.getReason() + "): " + redact(text));
    }
  }

  static URI https(URI uri, String name) {
    requireNonNull(uri, name);
    String shown = redact(uri.toString());
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("https")) {
      throw new IllegalArgumentException(
          name + " must be an https URI (plain http is refused): " + shown);
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException(name + " has no host: " + shown);
    }
    if (authority.contains("@")) {
      throw new IllegalArgumentException(
          name
              + " must not contain user info (it would show in logs); use apiKey() or header(): "
              + shown);
    }
    Matcher port = PORT.matcher(authority);
    if (port.find() && !authority.endsWith("]")) {
      String digits = port.group(1);
      if (digits.isEmpty()
          || digits.length() > 5
          || Integer.parseInt(digits) < 1
          || Integer.parseInt(digits) > 65535) {
        throw new IllegalArgumentException(
            name + " port must be between 1 and 65535: \"" + digits + "\" in " + shown);
      }
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          name
              + " host cannot be parsed: \""
              + authority
              + "\" (a host name has only letters, digits, '-' and '.'; no '_'): "
              + shown);
    }
    if (uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          name + " must not have a query string (not carried to both routes): " + shown);
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(name + " must not have a fragment: " + shown);
    }
    return uri;
  }

  /** The text with any user info replaced by {@code ***}. */
  static String redact(String text) {
    return USER_INFO.matcher(text).replaceFirst("$1***@");
  }
}
