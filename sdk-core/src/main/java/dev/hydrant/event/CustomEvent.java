package dev.hydrant.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event of a type the application defines: the extension point of {@link TelemetryEvent}.
 *
 * <pre>{@code
 * DeviceContext device = DeviceContext.builder("stb-42").build();
 * CustomEvent event =
 *     CustomEvent.builder("ad_impression", device)
 *         .schemaVersion(2)
 *         .field("ad_id", "spot-42")
 *         .field("duration_ms", 15_000)
 *         .field("completed_percent", 100.0)
 *         .field("skipped", false)
 *         .build();
 * }</pre>
 *
 * <p>On the wire the fields follow the envelope and device attributes in the order they were added,
 * with their JSON types: string, integer (long), number (double) or boolean. Name numeric fields
 * with their unit ({@code _ms}, {@code _kbps}, {@code _percent}) as the built-in events do.
 *
 * <p>Validated at {@link Builder#build()}:
 *
 * <ul>
 *   <li>the type name matches {@code [a-z][a-z0-9_]{0,63}} and is not a built-in type ({@link
 *       #BUILT_IN_TYPES});
 *   <li>{@code schema_version} is {@code >= 1};
 *   <li>keys match {@code [a-z][a-z0-9_]{0,63}}, appear once, and are not {@link #RESERVED_KEYS}
 *       (the envelope and device attribute keys);
 *   <li>values are not null, strings have at most {@value #MAX_STRING_LENGTH} characters, doubles
 *       are finite; at most {@value #MAX_FIELDS} fields.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class CustomEvent extends AbstractEvent implements TelemetryEvent {
  /** The {@code event_type} names of the built-in events, which a custom event may not use. */
  public static final Set<String> BUILT_IN_TYPES =
      Set.of(VideoQualityEvent.EVENT_TYPE, NetworkLatencyEvent.EVENT_TYPE, UptimeEvent.EVENT_TYPE);

  /** The keys the envelope and the {@link DeviceContext} attributes occupy on the wire. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "event_id",
          "event_type",
          "schema_version",
          "device_id",
          "seq",
          "timestamp",
          "device_manufacturer",
          "device_model",
          "firmware_version",
          "app_version",
          "region",
          "network_operator");

  /** The most fields one custom event may carry: {@value}. */
  public static final int MAX_FIELDS = 64;

  /** The longest accepted string value: {@value} characters. */
  public static final int MAX_STRING_LENGTH = 4096;

  private final String eventType;
  private final int schemaVersion;
  private final Map<String, Object> fields;

  private CustomEvent(Builder b) {
    super(b);
    if (b.eventType == null) {
      throw Checks.missing("event_type");
    }
    if (!isName(b.eventType)) {
      throw new IllegalArgumentException(
          "event_type must match [a-z][a-z0-9_]{0,63}, got " + Checks.show(b.eventType));
    }
    if (BUILT_IN_TYPES.contains(b.eventType)) {
      throw new IllegalArgumentException(
          "event_type must not be a built-in type "
              + BUILT_IN_TYPES
              + ", got \""
              + b.eventType
              + "\"; use the built-in event class");
    }
    this.eventType = b.eventType;
    this.schemaVersion =
        (int) Checks.range("schema_version", b.schemaVersion, 1, Integer.MAX_VALUE);
    if (b.keys.size() > MAX_FIELDS) {
      throw new IllegalArgumentException(
          "fields must number at most " + MAX_FIELDS + ", got " + b.keys.size());
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < b.keys.size(); i++) {
      String key = checkKey(b.keys.get(i));
      if (map.put(key, checkValue(key, b.values.get(i))) != null) {
        throw new IllegalArgumentException(key + " is set twice; each key may appear once");
      }
    }
    this.fields = Collections.unmodifiableMap(map);
  }

  /**
   * Whether {@code s} is a valid type name or key: {@code [a-z][a-z0-9_]{0,63}}. Checked per key of
   * every event built, so it is a plain character loop: the regex was 14% of a producer's CPU in
   * the load benchmark.
   */
  static boolean isName(String s) {
    int n = s.length();
    if (n == 0 || n > 64) {
      return false;
    }
    char first = s.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private static String checkKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("field key is required, got null");
    }
    if (!isName(key)) {
      throw new IllegalArgumentException(
          "field key must match [a-z][a-z0-9_]{0,63}, got " + Checks.show(key));
    }
    if (RESERVED_KEYS.contains(key)) {
      throw new IllegalArgumentException(
          "field key \"" + key + "\" is reserved for the envelope or device attributes");
    }
    return key;
  }

  private static Object checkValue(String key, Object value) {
    if (value == null) {
      throw Checks.missing(key);
    }
    if (value instanceof String) {
      String s = (String) value;
      if (s.length() > MAX_STRING_LENGTH) {
        throw new IllegalArgumentException(
            key
                + " must be at most "
                + MAX_STRING_LENGTH
                + " characters, got "
                + Checks.show(s)
                + " ("
                + s.length()
                + " characters)");
      }
    } else if (value instanceof Double) {
      Checks.finite(key, (Double) value);
    }
    return value;
  }

  /**
   * A builder for an event of this type from this device (the type is validated at {@link
   * Builder#build()}).
   *
   * @param device the device that emits the event
   * @param eventType the {@code event_type}: lower snake_case, not a built-in type
   * @return this builder
   */
  public static Builder builder(String eventType, DeviceContext device) {
    return new Builder(eventType, device);
  }

  @Override
  public String eventType() {
    return eventType;
  }

  @Override
  public int schemaVersion() {
    return schemaVersion;
  }

  /**
   * The event's own fields in the order they were added: unmodifiable; each value is a {@link
   * String}, {@link Long}, {@link Double} or {@link Boolean}.
   *
   * @return the fields, in insertion order
   */
  public Map<String, Object> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CustomEvent)) {
      return false;
    }
    CustomEvent e = (CustomEvent) o;
    return sameEnvelope(e)
        && eventType.equals(e.eventType)
        && schemaVersion == e.schemaVersion
        && fields.equals(e.fields);
  }

  @Override
  public int hashCode() {
    return 31 * envelopeHash() + fields.hashCode();
  }

  @Override
  public String toString() {
    return "CustomEvent{"
        + envelopeString()
        + ", event_type="
        + eventType
        + ", schema_version="
        + schemaVersion
        + ", fields="
        + fields
        + '}';
  }

  /**
   * Collects the type's version and fields. Setters only record values; every check happens in
   * {@link #build()}. Not thread-safe.
   */
  public static final class Builder extends AbstractEventBuilder<Builder> {
    private final String eventType;
    private long schemaVersion = 1;
    private final List<String> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    private Builder(String eventType, DeviceContext device) {
      super(device);
      this.eventType = eventType;
    }

    /**
     * Sets {@code schema_version} ({@code >= 1}; default 1).
     *
     * @param schemaVersion the schema version, {@code >= 1}
     * @return this builder
     */
    public Builder schemaVersion(int schemaVersion) {
      this.schemaVersion = schemaVersion;
      return this;
    }

    /**
     * Adds a string field (not null, at most {@value CustomEvent#MAX_STRING_LENGTH} chars).
     *
     * @param key the field name, lower snake_case, not reserved
     * @param value the text, not null
     * @return this builder
     */
    public Builder field(String key, String value) {
      return add(key, value);
    }

    /**
     * Adds an integer field.
     *
     * @param key the field name, lower snake_case, not reserved
     * @param value the number
     * @return this builder
     */
    public Builder field(String key, long value) {
      return add(key, value);
    }

    /**
     * Adds a number field (finite).
     *
     * @param key the field name, lower snake_case, not reserved
     * @param value the number, finite
     * @return this builder
     */
    public Builder field(String key, double value) {
      return add(key, value);
    }

    /**
     * Adds a boolean field.
     *
     * @param key the field name, lower snake_case, not reserved
     * @param value the value
     * @return this builder
     */
    public Builder field(String key, boolean value) {
      return add(key, value);
    }

    private Builder add(String key, Object value) {
      keys.add(key);
      values.add(value);
      return this;
    }

    /**
     * Validates and builds, filling {@code event_id} and {@code timestamp} unless given.
     *
     * @return the validated event
     * @throws IllegalArgumentException naming the field (wire name or key) and the bad value
     */
    public CustomEvent build() {
      return new CustomEvent(this);
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
