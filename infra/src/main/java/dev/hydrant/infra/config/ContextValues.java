package dev.hydrant.infra.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads of CDK context values.
 *
 * <p>Values given on the command line ({@code -c key=value}) arrive as strings, values from {@code
 * cdk.json} as JSON numbers or booleans; both are accepted. A blank string counts as absent. Every
 * bad value fails with an {@link IllegalArgumentException} naming the context key and the value.
 * Instances are immutable if the lookup function is.
 */
public final class ContextValues {

  private final Function<String, Object> lookup;

  /**
   * Wraps a context lookup, typically {@code app.getNode()::tryGetContext}.
   *
   * @param lookup returns the raw context value for a key, or {@code null} when it is absent
   */
  public ContextValues(Function<String, Object> lookup) {
    this.lookup = requireNonNull(lookup, "lookup");
  }

  /** Context values from a map (tests, tools); missing keys are absent. */
  public static ContextValues of(Map<String, ?> values) {
    requireNonNull(values, "values");
    return new ContextValues(values::get);
  }

  /** The trimmed string at {@code key}, or {@code null} when absent or blank. */
  public String optionalString(String key) {
    Object raw = lookup.apply(requireNonNull(key, "key"));
    if (raw == null) {
      return null;
    }
    String text = String.valueOf(raw).trim();
    return text.isEmpty() ? null : text;
  }

  /** The trimmed string at {@code key}, or {@code defaultValue} when absent. */
  public String string(String key, String defaultValue) {
    String value = optionalString(key);
    return value == null ? defaultValue : value;
  }

  /** The string at {@code key}; fails naming the key when it is absent. */
  public String requiredString(String key, String why) {
    String value = optionalString(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "context '" + key + "' is required (" + why + "); pass -c " + key + "=...");
    }
    return value;
  }

  /** The integer at {@code key} in {@code [min, max]}, or {@code defaultValue} when absent. */
  public int integer(String key, int defaultValue, int min, int max) {
    Integer value = optionalInteger(key, min, max);
    return value == null ? defaultValue : value;
  }

  /** The integer at {@code key} in {@code [min, max]}, or {@code null} when absent. */
  public Integer optionalInteger(String key, int min, int max) {
    String text = optionalString(key);
    if (text == null) {
      return null;
    }
    long value;
    try {
      value = new BigDecimal(text).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "context '" + key + "' must be an integer, was '" + text + "'", e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "context '" + key + "' must be in [" + min + ", " + max + "], was " + value);
    }
    return (int) value;
  }

  /** The boolean at {@code key} ({@code true} or {@code false}), or the default when absent. */
  public boolean bool(String key, boolean defaultValue) {
    String text = optionalString(key);
    if (text == null) {
      return defaultValue;
    }
    switch (text.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(
            "context '" + key + "' must be true or false, was '" + text + "'");
    }
  }

  /** The enum constant named (case-insensitively) at {@code key}, or the default when absent. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    String text = optionalString(key);
    if (text == null) {
      return defaultValue;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "context '"
            + key
            + "' must be one of "
            + Arrays.toString(type.getEnumConstants())
            + ", was '"
            + text
            + "'");
  }
}
