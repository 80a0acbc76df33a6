package dev.hydrant;

import dev.hydrant.tls.Trust;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The builder's options by name, set from text: properties files and environment variables, the way
 * firmware is configured. Each value goes through the same setter, so the same validation.
 */
final class TextOptions {
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private static final Map<String, BiConsumer<HydrantClientBuilder, String>> OPTIONS =
      new TreeMap<>();

  static {
    text("endpoint", HydrantClientBuilder::endpoint);
    text("batchEndpoint", (b, v) -> b.batchEndpoint(Endpoints.parse(v, "batchEndpoint")));
    text("deliveryStream", HydrantClientBuilder::deliveryStream);
    text("route", (b, v) -> b.route(constant(Route.class, "route", v)));
    text("apiKey", HydrantClientBuilder::apiKey);
    text("gzip", (b, v) -> b.gzip(bool("gzip", v)));
    text("trustPemFile", (b, v) -> b.trust(Trust.pemFile(Path.of(v))));
    duration("connectTimeout", HydrantClientBuilder::connectTimeout);
    duration("readTimeout", HydrantClientBuilder::readTimeout);
    duration("requestTimeout", HydrantClientBuilder::requestTimeout);
    integer("maxConnections", HydrantClientBuilder::maxConnections);
    integer("maxInFlight", HydrantClientBuilder::maxInFlight);
    integer("bufferMaxEvents", HydrantClientBuilder::bufferMaxEvents);
    size("bufferMaxBytes", HydrantClientBuilder::bufferMaxBytes);
    text("spoolDirectory", (b, v) -> b.spoolDirectory(Path.of(v)));
    text(
        "spoolDurability",
        (b, v) -> b.spoolDurability(constant(SpoolDurability.class, "spoolDurability", v)));
    duration("spoolCommitInterval", HydrantClientBuilder::spoolCommitInterval);
    size("spoolMaxBytes", HydrantClientBuilder::spoolMaxBytes);
    duration("linger", HydrantClientBuilder::linger);
    text("aggregation", (b, v) -> b.aggregation(bool("aggregation", v)));
    integer("recordMaxBytes", HydrantClientBuilder::recordMaxBytes);
    integer("batchMaxRecords", HydrantClientBuilder::batchMaxRecords);
    size("batchMaxBytes", HydrantClientBuilder::batchMaxBytes);
    integer("maxAttempts", HydrantClientBuilder::maxAttempts);
    duration("initialBackoff", HydrantClientBuilder::initialBackoff);
    duration("maxBackoff", HydrantClientBuilder::maxBackoff);
    duration("maxRetryAfter", HydrantClientBuilder::maxRetryAfter);
    duration("eventTtl", HydrantClientBuilder::eventTtl);
    duration("closeTimeout", HydrantClientBuilder::closeTimeout);
    duration("latencyWindow", HydrantClientBuilder::latencyWindow);
    text("compression", (b, v) -> b.compression(Compression.parse(v)));
    text("deadLetterDirectory", (b, v) -> b.deadLetterDirectory(Path.of(v)));
    size("deadLetterMaxBytes", HydrantClientBuilder::deadLetterMaxBytes);
  }

  private TextOptions() {}

  /** The option names, in alphabetical order. */
  static Set<String> names() {
    return Collections.unmodifiableSet(OPTIONS.keySet());
  }

  /**
   * Sets option {@code name} from {@code value}; {@code source} says where the pair came from (for
   * example {@code "property hydrant.linger"}) in error messages.
   *
   * @throws IllegalArgumentException if there is no such option or the value is invalid
   */
  static void apply(HydrantClientBuilder builder, String name, String value, String source) {
    BiConsumer<HydrantClientBuilder, String> setter = OPTIONS.get(name);
    if (setter == null) {
      throw new IllegalArgumentException(
          source + " names no option; the options are " + OPTIONS.keySet());
    }
    try {
      setter.accept(builder, value.strip());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** {@code maxInFlight} → {@code MAX_IN_FLIGHT}. */
  static String upperSnake(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /**
   * {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601 such as {@code
   * PT0.5S}.
   */
  static Duration parseDuration(String name, String value) {
    Matcher m = SHORT_DURATION.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name
              + " must be a duration such as 500ms, 10s, 5m, 24h, 7d or PT0.5S: \""
              + value
              + "\"");
    }
  }

  private static void text(String name, BiConsumer<HydrantClientBuilder, String> setter) {
    OPTIONS.put(name, setter);
  }

  private static void duration(String name, BiConsumer<HydrantClientBuilder, Duration> setter) {
    OPTIONS.put(name, (b, v) -> setter.accept(b, parseDuration(name, v)));
  }

  private static void integer(String name, IntSetter setter) {
    OPTIONS.put(name, (b, v) -> setter.set(b, (int) number(name, v, Integer.MAX_VALUE)));
  }

  private static void size(String name, LongSetter setter) {
    OPTIONS.put(name, (b, v) -> setter.set(b, number(name, v, Long.MAX_VALUE)));
  }

  private static long number(String name, String value, long max) {
    try {
      long n = Long.parseLong(value.replace("_", ""));
      if (n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number up to " + max + ": \"" + value + "\"");
    }
  }

  private static boolean bool(String name, String value) {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(name + " must be true or false: \"" + value + "\"");
  }

  private static <E extends Enum<E>> E constant(Class<E> type, String name, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name());
    }
    throw new IllegalArgumentException(name + " must be one of " + allowed + ": \"" + value + "\"");
  }

  @FunctionalInterface
  private interface IntSetter {
    void set(HydrantClientBuilder builder, int value);
  }

  @FunctionalInterface
  private interface LongSetter {
    void set(HydrantClientBuilder builder, long value);
  }
}
