package dev.hydrant.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A device health heartbeat: how long it has been up, why it last rebooted, and its load.
 *
 * <p>Wire fields after the envelope and device attributes, in this order, each only when set:
 * {@code uptime_ms} (required), {@code boot_time} (ISO-8601 UTC with milliseconds, like {@code
 * timestamp}), {@code last_reboot_reason}, {@code memory_used_kb}, {@code memory_total_kb}, {@code
 * cpu_usage_percent}.
 *
 * <p>Immutable and thread-safe; validated at {@link Builder#build()}, which also rejects {@code
 * memory_used_kb} greater than {@code memory_total_kb}.
 */
public final class UptimeEvent extends AbstractEvent implements TelemetryEvent {
  /** The {@code event_type} of this event: {@value}. */
  public static final String EVENT_TYPE = "uptime";

  /** The {@code schema_version} of this event's field set: {@value}. */
  public static final int SCHEMA_VERSION = 1;

  /** The longest accepted {@code last_reboot_reason}: {@value} characters. */
  public static final int MAX_REBOOT_REASON_LENGTH = 64;

  private final long uptimeMs;
  private final Instant bootTime;
  private final String lastRebootReason;
  private final long memoryUsedKb;
  private final long memoryTotalKb;
  private final double cpuUsagePercent;

  private UptimeEvent(Builder b) {
    super(b);
    this.uptimeMs =
        Checks.range("uptime_ms", Checks.required("uptime_ms", b.uptimeMs), 0, Long.MAX_VALUE);
    this.bootTime = Checks.instant("boot_time", b.bootTime);
    this.lastRebootReason =
        Checks.optionalText("last_reboot_reason", b.lastRebootReason, MAX_REBOOT_REASON_LENGTH);
    this.memoryUsedKb = Checks.optionalRange("memory_used_kb", b.memoryUsedKb, 0, Long.MAX_VALUE);
    this.memoryTotalKb =
        Checks.optionalRange("memory_total_kb", b.memoryTotalKb, 0, Long.MAX_VALUE);
    if (b.memoryUsedKb != null && b.memoryTotalKb != null && memoryUsedKb > memoryTotalKb) {
      throw new IllegalArgumentException(
          "memory_used_kb must not exceed memory_total_kb ("
              + memoryTotalKb
              + "), got "
              + memoryUsedKb);
    }
    this.cpuUsagePercent = Checks.optionalRange("cpu_usage_percent", b.cpuUsagePercent, 0, 100);
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

  /** {@return {@code uptime_ms}: time since boot, milliseconds} */
  public long uptimeMs() {
    return uptimeMs;
  }

  /** {@return {@code boot_time}: when the device booted, UTC, truncated to milliseconds} */
  public Optional<Instant> bootTime() {
    return Optional.ofNullable(bootTime);
  }

  /**
   * {@code last_reboot_reason}: free text from the platform, ideally a stable token such as {@code
   * power_loss}, {@code watchdog}, {@code kernel_panic}, {@code firmware_update} or {@code user}.
   *
   * @return the reason of the last reboot, if given
   */
  public Optional<String> lastRebootReason() {
    return Optional.ofNullable(lastRebootReason);
  }

  /** {@return {@code memory_used_kb}: memory in use, kibibytes} */
  public OptionalLong memoryUsedKb() {
    return memoryUsedKb == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(memoryUsedKb);
  }

  /** {@return {@code memory_total_kb}: memory installed or available to the OS, kibibytes} */
  public OptionalLong memoryTotalKb() {
    return memoryTotalKb == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(memoryTotalKb);
  }

  /** {@return {@code cpu_usage_percent}: 0 to 100, across all cores} */
  public OptionalDouble cpuUsagePercent() {
    return Double.isNaN(cpuUsagePercent)
        ? OptionalDouble.empty()
        : OptionalDouble.of(cpuUsagePercent);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UptimeEvent)) {
      return false;
    }
    UptimeEvent e = (UptimeEvent) o;
    return sameEnvelope(e)
        && uptimeMs == e.uptimeMs
        && Objects.equals(bootTime, e.bootTime)
        && Objects.equals(lastRebootReason, e.lastRebootReason)
        && memoryUsedKb == e.memoryUsedKb
        && memoryTotalKb == e.memoryTotalKb
        && Double.compare(cpuUsagePercent, e.cpuUsagePercent) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * envelopeHash() + Objects.hash(uptimeMs, bootTime, lastRebootReason);
  }

  @Override
  public String toString() {
    return "UptimeEvent{"
        + envelopeString()
        + ", uptime_ms="
        + uptimeMs
        + ", last_reboot_reason="
        + lastRebootReason
        + '}';
  }

  /**
   * Collects the fields. Setters only record values (a {@code null} leaves the field out); every
   * check happens in {@link #build()}. Not thread-safe.
   */
  public static final class Builder extends AbstractEventBuilder<Builder> {
    private Long uptimeMs;
    private Instant bootTime;
    private String lastRebootReason;
    private Long memoryUsedKb;
    private Long memoryTotalKb;
    private Double cpuUsagePercent;

    private Builder(DeviceContext device) {
      super(device);
    }

    /**
     * Sets {@code uptime_ms} (required, {@code >= 0}).
     *
     * @param uptimeMs the {@code uptime_ms} value
     * @return this builder
     */
    public Builder uptimeMs(long uptimeMs) {
      this.uptimeMs = uptimeMs;
      return this;
    }

    /**
     * Sets {@code boot_time} (truncated to milliseconds; 1970 to year 9999).
     *
     * @param bootTime the {@code boot_time} value
     * @return this builder
     */
    public Builder bootTime(Instant bootTime) {
      this.bootTime = bootTime;
      return this;
    }

    /**
     * Sets {@code last_reboot_reason} (1 to 64 characters).
     *
     * @param lastRebootReason the {@code last_reboot_reason} value
     * @return this builder
     */
    public Builder lastRebootReason(String lastRebootReason) {
      this.lastRebootReason = lastRebootReason;
      return this;
    }

    /**
     * Sets {@code memory_used_kb} ({@code >= 0}).
     *
     * @param memoryUsedKb the {@code memory_used_kb} value
     * @return this builder
     */
    public Builder memoryUsedKb(long memoryUsedKb) {
      this.memoryUsedKb = memoryUsedKb;
      return this;
    }

    /**
     * Sets {@code memory_total_kb} ({@code >= 0}).
     *
     * @param memoryTotalKb the {@code memory_total_kb} value
     * @return this builder
     */
    public Builder memoryTotalKb(long memoryTotalKb) {
      this.memoryTotalKb = memoryTotalKb;
      return this;
    }

    /**
     * Sets {@code cpu_usage_percent} (finite, 0 to 100).
     *
     * @param cpuUsagePercent the {@code cpu_usage_percent} value
     * @return this builder
     */
    public Builder cpuUsagePercent(double cpuUsagePercent) {
      this.cpuUsagePercent = cpuUsagePercent;
      return this;
    }

    /**
     * Validates and builds, filling {@code event_id} and {@code timestamp} unless given.
     *
     * @return the validated event
     * @throws IllegalArgumentException naming the field (wire name) and the bad value
     */
    public UptimeEvent build() {
      return new UptimeEvent(this);
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
