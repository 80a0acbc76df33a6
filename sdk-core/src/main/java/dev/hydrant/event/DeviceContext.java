package dev.hydrant.event;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who sent an event: the device's id plus the attributes a fleet operator slices by (manufacturer,
 * model, firmware and app version, region, network operator). Build one per device at start-up and
 * pass it to every event builder.
 *
 * <p>On the wire {@code device_id} is part of the envelope; the other attributes follow the
 * envelope, in this order, each only when set: {@code device_manufacturer}, {@code device_model},
 * {@code firmware_version}, {@code app_version}, {@code region}, {@code network_operator}.
 *
 * <p>Immutable and thread-safe. Validated at {@link Builder#build()}: {@code device_id} is required
 * and is 1 to {@value #MAX_DEVICE_ID_LENGTH} characters of {@code [A-Za-z0-9._:-]} (so it can go
 * into an S3 prefix or a log line unescaped); each other attribute, when set, is 1 to {@value
 * #MAX_ATTRIBUTE_LENGTH} characters of any Unicode text.
 */
public final class DeviceContext {
  /** The longest accepted {@code device_id}, in characters. */
  public static final int MAX_DEVICE_ID_LENGTH = 128;

  /** The longest accepted value of any other attribute, in UTF-16 characters. */
  public static final int MAX_ATTRIBUTE_LENGTH = 128;

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private final String deviceId;
  private final String manufacturer;
  private final String model;
  private final String firmwareVersion;
  private final String appVersion;
  private final String region;
  private final String networkOperator;

  private DeviceContext(Builder b) {
    if (b.deviceId == null) {
      throw Checks.missing("device_id");
    }
    if (!DEVICE_ID.matcher(b.deviceId).matches()) {
      throw new IllegalArgumentException(
          "device_id must be 1 to "
              + MAX_DEVICE_ID_LENGTH
              + " characters of [A-Za-z0-9._:-], got "
              + Checks.show(b.deviceId));
    }
    this.deviceId = b.deviceId;
    this.manufacturer =
        Checks.optionalText("device_manufacturer", b.manufacturer, MAX_ATTRIBUTE_LENGTH);
    this.model = Checks.optionalText("device_model", b.model, MAX_ATTRIBUTE_LENGTH);
    this.firmwareVersion =
        Checks.optionalText("firmware_version", b.firmwareVersion, MAX_ATTRIBUTE_LENGTH);
    this.appVersion = Checks.optionalText("app_version", b.appVersion, MAX_ATTRIBUTE_LENGTH);
    this.region = Checks.optionalText("region", b.region, MAX_ATTRIBUTE_LENGTH);
    this.networkOperator =
        Checks.optionalText("network_operator", b.networkOperator, MAX_ATTRIBUTE_LENGTH);
  }

  /**
   * A builder for the device with this {@code device_id} (validated at {@link Builder#build()}).
   *
   * @param deviceId the device's stable identifier
   * @return this builder
   */
  public static Builder builder(String deviceId) {
    return new Builder(deviceId);
  }

  /** {@return the device's id ({@code device_id})} */
  public String deviceId() {
    return deviceId;
  }

  /** {@return {@code device_manufacturer}, e.g. the STB vendor} */
  public Optional<String> manufacturer() {
    return Optional.ofNullable(manufacturer);
  }

  /** {@return {@code device_model}, e.g. the hardware model name} */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** {@return {@code firmware_version}: the device firmware or OS build} */
  public Optional<String> firmwareVersion() {
    return Optional.ofNullable(firmwareVersion);
  }

  /** {@return {@code app_version}: the version of the application embedding Hydrant} */
  public Optional<String> appVersion() {
    return Optional.ofNullable(appVersion);
  }

  /**
   * {@return {@code region}: where the device is, at the granularity the operator uses (e.g.
   * "eu-west")}
   */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** {@return {@code network_operator}: the ISP or carrier the device connects through} */
  public Optional<String> networkOperator() {
    return Optional.ofNullable(networkOperator);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DeviceContext)) {
      return false;
    }
    DeviceContext other = (DeviceContext) o;
    return deviceId.equals(other.deviceId)
        && Objects.equals(manufacturer, other.manufacturer)
        && Objects.equals(model, other.model)
        && Objects.equals(firmwareVersion, other.firmwareVersion)
        && Objects.equals(appVersion, other.appVersion)
        && Objects.equals(region, other.region)
        && Objects.equals(networkOperator, other.networkOperator);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        deviceId, manufacturer, model, firmwareVersion, appVersion, region, networkOperator);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DeviceContext{device_id=").append(deviceId);
    append(sb, "device_manufacturer", manufacturer);
    append(sb, "device_model", model);
    append(sb, "firmware_version", firmwareVersion);
    append(sb, "app_version", appVersion);
    append(sb, "region", region);
    append(sb, "network_operator", networkOperator);
    return sb.append('}').toString();
  }

  private static void append(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(", ").append(name).append('=').append(value);
    }
  }

  /**
   * Collects the device attributes. Setters accept {@code null} to leave an attribute out; all
   * checks happen in {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private final String deviceId;
    private String manufacturer;
    private String model;
    private String firmwareVersion;
    private String appVersion;
    private String region;
    private String networkOperator;

    private Builder(String deviceId) {
      this.deviceId = deviceId;
    }

    /**
     * Sets {@code device_manufacturer}.
     *
     * @param manufacturer the {@code device_manufacturer} value
     * @return this builder
     */
    public Builder manufacturer(String manufacturer) {
      this.manufacturer = manufacturer;
      return this;
    }

    /**
     * Sets {@code device_model}.
     *
     * @param model the {@code device_model} value
     * @return this builder
     */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /**
     * Sets {@code firmware_version}.
     *
     * @param firmwareVersion the {@code firmware_version} value
     * @return this builder
     */
    public Builder firmwareVersion(String firmwareVersion) {
      this.firmwareVersion = firmwareVersion;
      return this;
    }

    /**
     * Sets {@code app_version}.
     *
     * @param appVersion the {@code app_version} value
     * @return this builder
     */
    public Builder appVersion(String appVersion) {
      this.appVersion = appVersion;
      return this;
    }

    /**
     * Sets {@code region}.
     *
     * @param region the {@code region} value
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Sets {@code network_operator}.
     *
     * @param networkOperator the {@code network_operator} value
     * @return this builder
     */
    public Builder networkOperator(String networkOperator) {
      this.networkOperator = networkOperator;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the validated device context
     * @throws IllegalArgumentException naming the field (wire name) and the bad value
     */
    public DeviceContext build() {
      return new DeviceContext(this);
    }
  }
}
