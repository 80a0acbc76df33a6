package dev.hydrant.infra.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * How devices authenticate to the API.
 *
 * @param mode context {@code deviceAuth}: {@code API_KEY} (the fleet's key, the default), {@code
 *     AWS_IAM} (per-device identity: SigV4 with credentials from the AWS IoT Core credential
 *     provider) or {@code BOTH} (SigV4 and the key, so the usage plan still throttles)
 * @param roleAlias context {@code roleAlias}, the IoT role alias devices name, default {@value
 *     #DEFAULT_ROLE_ALIAS}, {@code [\w=,@-]{1,128}}
 * @param credentialDurationSeconds context {@code credentialDurationSeconds}, how long issued
 *     credentials last, 900..43200, default {@value #DEFAULT_CREDENTIAL_DURATION_SECONDS}
 */
public record DeviceAuthSettings(Mode mode, String roleAlias, int credentialDurationSeconds) {

  /** Which authorization the two methods require. */
  public enum Mode {
    API_KEY,
    AWS_IAM,
    BOTH;

    /** Whether the methods require SigV4 ({@code AWS_IAM}). */
    public boolean iam() {
      return this != API_KEY;
    }

    /** Whether the methods require the API key. */
    public boolean apiKey() {
      return this != AWS_IAM;
    }
  }

  /** Default of {@code roleAlias}. */
  public static final String DEFAULT_ROLE_ALIAS = "hydrant-telemetry";

  /** Default of {@code credentialDurationSeconds}: one hour, the IoT default. */
  public static final int DEFAULT_CREDENTIAL_DURATION_SECONDS = 3600;

  private static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");

  /** Validates the alias and the duration range. */
  public DeviceAuthSettings {
    requireNonNull(mode, "mode");
    requireNonNull(roleAlias, "roleAlias");
    if (!ROLE_ALIAS.matcher(roleAlias).matches()) {
      throw new IllegalArgumentException(
          "roleAlias must match " + ROLE_ALIAS.pattern() + ", was '" + roleAlias + "'");
    }
    if (credentialDurationSeconds < 900 || credentialDurationSeconds > 43_200) {
      throw new IllegalArgumentException(
          "credentialDurationSeconds must be between 900 and 43200, was "
              + credentialDurationSeconds);
    }
  }

  /** Reads the settings from context, applying the defaults. */
  public static DeviceAuthSettings fromContext(ContextValues context) {
    return new DeviceAuthSettings(
        context.enumValue("deviceAuth", Mode.class, Mode.API_KEY),
        context.string("roleAlias", DEFAULT_ROLE_ALIAS),
        context.integer(
            "credentialDurationSeconds", DEFAULT_CREDENTIAL_DURATION_SECONDS, 900, 43_200));
  }
}
