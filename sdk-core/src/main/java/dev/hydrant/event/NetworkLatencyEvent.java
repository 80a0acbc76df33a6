package dev.hydrant.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A network measurement: latency to a target and the quality of the device's link.
 *
 * <p>Wire fields after the envelope and device attributes, in this order, each only when set:
 * {@code connection_type} (required), {@code target_host}, {@code rtt_ms}, {@code jitter_ms},
 * {@code packet_loss_percent}, {@code dns_time_ms}, {@code connect_time_ms}, {@code tls_time_ms},
 * {@code throughput_kbps}, {@code signal_strength_dbm}. Times are milliseconds as finite numbers
 * {@code >= 0} (fractions allowed: a LAN round trip is often under a millisecond).
 *
 * <p>Immutable and thread-safe; validated at {@link Builder#build()}.
 */
public final class NetworkLatencyEvent extends AbstractEvent implements TelemetryEvent {
  /** The {@code event_type} of this event: {@value}. */
  public static final String EVENT_TYPE = "network_latency";

  /** The {@code schema_version} of this event's field set: {@value}. */
  public static final int SCHEMA_VERSION = 1;

  /** The longest accepted {@code target_host}: {@value} characters (a DNS name's limit). */
  public static final int MAX_TARGET_HOST_LENGTH = 253;

  /** The weakest accepted {@code signal_strength_dbm}: {@value}. */
  public static final long MIN_SIGNAL_STRENGTH_DBM = -150;

  /** The strongest accepted {@code signal_strength_dbm}: {@value}. */
  public static final long MAX_SIGNAL_STRENGTH_DBM = 0;

  private final ConnectionType connectionType;
  private final String targetHost;
  private final double rttMs;
  private final double jitterMs;
  private final double packetLossPercent;
  private final double dnsTimeMs;
  private final double connectTimeMs;
  private final double tlsTimeMs;
  private final double throughputKbps;
  private final long signalStrengthDbm;

  private NetworkLatencyEvent(Builder b) {
    super(b);
    this.connectionType = Checks.required("connection_type", b.connectionType);
    this.targetHost = Checks.optionalText("target_host", b.targetHost, MAX_TARGET_HOST_LENGTH);
    this.rttMs = Checks.optionalNonNegative("rtt_ms", b.rttMs);
    this.jitterMs = Checks.optionalNonNegative("jitter_ms", b.jitterMs);
    this.packetLossPercent =
        Checks.optionalRange("packet_loss_percent", b.packetLossPercent, 0, 100);
    this.dnsTimeMs = Checks.optionalNonNegative("dns_time_ms", b.dnsTimeMs);
    this.connectTimeMs = Checks.optionalNonNegative("connect_time_ms", b.connectTimeMs);
    this.tlsTimeMs = Checks.optionalNonNegative("tls_time_ms", b.tlsTimeMs);
    this.throughputKbps = Checks.optionalNonNegative("throughput_kbps", b.throughputKbps);
    this.signalStrengthDbm =
        Checks.optionalRange(
            "signal_strength_dbm",
            b.signalStrengthDbm,
            MIN_SIGNAL_STRENGTH_DBM,
            MAX_SIGNAL_STRENGTH_DBM);
  }

  /**
   * A builder for an event from this device.
   *
   * @param device the device that emits the event
   * @return this builder
   */
  public static Builder builder(DeviceContext device) {
    return new Builder(device);
  }

  @Override
  public String eventType() {
    return EVENT_TYPE;
  }

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /** {@return {@code connection_type}} */
  public ConnectionType connectionType() {
    return connectionType;
  }

  /**
   * {@return {@code target_host}: what was measured against, e.g. the CDN edge or the proxy host}
   */
  public Optional<String> targetHost() {
    return Optional.ofNullable(targetHost);
  }

  /** {@return {@code rtt_ms}: round-trip time, milliseconds} */
  public OptionalDouble rttMs() {
    return optional(rttMs);
  }

  /** {@return {@code jitter_ms}: variation of the round-trip time, milliseconds} */
  public OptionalDouble jitterMs() {
    return optional(jitterMs);
  }

  /** {@return {@code packet_loss_percent}: 0 to 100} */
  public OptionalDouble packetLossPercent() {
    return optional(packetLossPercent);
  }

  /** {@return {@code dns_time_ms}: name resolution time, milliseconds} */
  public OptionalDouble dnsTimeMs() {
    return optional(dnsTimeMs);
  }

  /** {@return {@code connect_time_ms}: TCP connect time, milliseconds} */
  public OptionalDouble connectTimeMs() {
    return optional(connectTimeMs);
  }

  /** {@return {@code tls_time_ms}: TLS handshake time, milliseconds} */
  public OptionalDouble tlsTimeMs() {
    return optional(tlsTimeMs);
  }

  /** {@return {@code throughput_kbps}: measured download throughput, kilobits per second} */
  public OptionalDouble throughputKbps() {
    return optional(throughputKbps);
  }

  /** {@return {@code signal_strength_dbm}: Wi-Fi RSSI or cellular signal, -150 to 0 dBm} */
  public OptionalLong signalStrengthDbm() {
    return signalStrengthDbm == Long.MIN_VALUE
        ? OptionalLong.empty()
        : OptionalLong.of(signalStrengthDbm);
  }

  private static OptionalDouble optional(double value) {
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NetworkLatencyEvent)) {
      return false;
    }
    NetworkLatencyEvent e = (NetworkLatencyEvent) o;
    return sameEnvelope(e)
        && connectionType == e.connectionType
        && Objects.equals(targetHost, e.targetHost)
        && Double.compare(rttMs, e.rttMs) == 0
        && Double.compare(jitterMs, e.jitterMs) == 0
        && Double.compare(packetLossPercent, e.packetLossPercent) == 0
        && Double.compare(dnsTimeMs, e.dnsTimeMs) == 0
        && Double.compare(connectTimeMs, e.connectTimeMs) == 0
        && Double.compare(tlsTimeMs, e.tlsTimeMs) == 0
        && Double.compare(throughputKbps, e.throughputKbps) == 0
        && signalStrengthDbm == e.signalStrengthDbm;
  }

  @Override
  public int hashCode() {
    return 31 * envelopeHash() + Objects.hash(connectionType, targetHost, rttMs);
  }

  @Override
  public String toString() {
    return "NetworkLatencyEvent{"
        + envelopeString()
        + ", connection_type="
        + connectionType.wireName()
        + ", rtt_ms="
        + rttMs()
        + ", packet_loss_percent="
        + packetLossPercent()
        + '}';
  }

  /**
   * Collects the fields. Setters only record values (a {@code null} string leaves the field out);
   * every check happens in {@link #build()}. Not thread-safe.
   */
  public static final class Builder extends AbstractEventBuilder<Builder> {
    private ConnectionType connectionType;
    private String targetHost;
    private Double rttMs;
    private Double jitterMs;
    private Double packetLossPercent;
    private Double dnsTimeMs;
    private Double connectTimeMs;
    private Double tlsTimeMs;
    private Double throughputKbps;
    private Long signalStrengthDbm;

    private Builder(DeviceContext device) {
      super(device);
    }

    /**
     * Sets {@code connection_type} (required).
     *
     * @param connectionType the {@code connection_type} value
     * @return this builder
     */
    public Builder connectionType(ConnectionType connectionType) {
      this.connectionType = connectionType;
      return this;
    }

    /**
     * Sets {@code target_host}.
     *
     * @param targetHost the {@code target_host} value
     * @return this builder
     */
    public Builder targetHost(String targetHost) {
      this.targetHost = targetHost;
      return this;
    }

    /**
     * Sets {@code rtt_ms} (finite, {@code >= 0}).
     *
     * @param rttMs the {@code rtt_ms} value
     * @return this builder
     */
    public Builder rttMs(double rttMs) {
      this.rttMs = rttMs;
      return this;
    }

    /**
     * Sets {@code jitter_ms} (finite, {@code >= 0}).
     *
     * @param jitterMs the {@code jitter_ms} value
     * @return this builder
     */
    public Builder jitterMs(double jitterMs) {
      this.jitterMs = jitterMs;
      return this;
    }

    /**
     * Sets {@code packet_loss_percent} (finite, 0 to 100).
     *
     * @param packetLossPercent the {@code packet_loss_percent} value
     * @return this builder
     */
    public Builder packetLossPercent(double packetLossPercent) {
      this.packetLossPercent = packetLossPercent;
      return this;
    }

    /**
     * Sets {@code dns_time_ms} (finite, {@code >= 0}).
     *
     * @param dnsTimeMs the {@code dns_time_ms} value
     * @return this builder
     */
    public Builder dnsTimeMs(double dnsTimeMs) {
      this.dnsTimeMs = dnsTimeMs;
      return this;
    }

    /**
     * Sets {@code connect_time_ms} (finite, {@code >= 0}).
     *
     * @param connectTimeMs the {@code connect_time_ms} value
     * @return this builder
     */
    public Builder connectTimeMs(double connectTimeMs) {
      this.connectTimeMs = connectTimeMs;
      return this;
    }

    /**
     * Sets {@code tls_time_ms} (finite, {@code >= 0}).
     *
     * @param tlsTimeMs the {@code tls_time_ms} value
     * @return this builder
     */
    public Builder tlsTimeMs(double tlsTimeMs) {
      this.tlsTimeMs = tlsTimeMs;
      return this;
    }

    /**
     * Sets {@code throughput_kbps} (finite, {@code >= 0}).
     *
     * @param throughputKbps the {@code throughput_kbps} value
     * @return this builder
     */
    public Builder throughputKbps(double throughputKbps) {
      this.throughputKbps = throughputKbps;
      return this;
    }

    /**
     * Sets {@code signal_strength_dbm} (-150 to 0).
     *
     * @param signalStrengthDbm the {@code signal_strength_dbm} value
     * @return this builder
     */
    public Builder signalStrengthDbm(long signalStrengthDbm) {
      this.signalStrengthDbm = signalStrengthDbm;
      return this;
    }

    /**
     * Validates and builds, filling {@code event_id} and {@code timestamp} unless given.
     *
     * @return the validated event
     * @throws IllegalArgumentException naming the field (wire name) and the bad value
     */
    public NetworkLatencyEvent build() {
      return new NetworkLatencyEvent(this);
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
