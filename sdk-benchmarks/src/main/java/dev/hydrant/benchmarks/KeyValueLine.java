package dev.hydrant.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * The one-line {@code key=value key=value ...} form in which a child JVM reports a result to the
 * benchmark's parent. Every malformed input is an {@link IllegalArgumentException} naming the line.
 */
final class KeyValueLine {
  private final String line;
  private final Map<String, String> fields;

  private KeyValueLine(String line, Map<String, String> fields) {
    this.line = line;
    this.fields = fields;
  }

  /**
   * Splits {@code line} into its fields.
   *
   * @throws IllegalArgumentException if a part is not {@code key=value}
   */
  static KeyValueLine parse(String line) {
    Map<String, String> fields = new HashMap<>();
    for (String pair : line.trim().split(" ")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not a key=value pair: '" + pair + "' in " + line);
      }
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new KeyValueLine(line, fields);
  }

  /** The text of field {@code name}; throws {@link IllegalArgumentException} if missing. */
  String text(String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing field " + name);
    }
    return v;
  }

  long asLong(String name) {
    try {
      return Long.parseLong(text(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed number in " + line, e);
    }
  }

  double asDouble(String name) {
    try {
      return Double.parseDouble(text(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed number in " + line, e);
    }
  }

  boolean asBoolean(String name) {
    return Boolean.parseBoolean(text(name));
  }
}
