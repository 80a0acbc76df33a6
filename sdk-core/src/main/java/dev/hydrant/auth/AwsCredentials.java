package dev.hydrant.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS credentials for signing: an access key id, its secret, the session token of temporary
 * credentials and when they expire. Immutable and thread-safe. {@link #toString()} shows the access
 * key id and the expiry only; the secret and the token never leave this object except to the
 * signer.
 */
public final class AwsCredentials {
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final Instant expiration;

  private AwsCredentials(
      String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    this.accessKeyId = visible(accessKeyId, "accessKeyId");
    this.secretAccessKey = visible(secretAccessKey, "secretAccessKey");
    this.sessionToken = sessionToken == null ? null : visible(sessionToken, "sessionToken");
    this.expiration = expiration;
  }

  /**
   * Temporary credentials (as the IoT credential provider or STS issue them).
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @param sessionToken the session token that must accompany every signed request
   * @param expiration when the credentials stop working
   * @return the credentials
   * @throws IllegalArgumentException if a value is blank or holds characters outside visible ASCII
   * @throws NullPointerException if a value is null
   */
  public static AwsCredentials temporary(
      String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    Objects.requireNonNull(expiration, "expiration");
    return new AwsCredentials(accessKeyId, secretAccessKey, sessionToken, expiration);
  }

  /**
   * Long-term credentials without a session token or expiry (for tests and fixed setups; a fleet
   * should not ship long-term keys).
   *
   * @param accessKeyId the access key id
   * @param secretAccessKey the secret access key
   * @return the credentials, with no session token and no expiration
   * @throws IllegalArgumentException if a value is blank or holds characters outside visible ASCII
   * @throws NullPointerException if a value is null
   */
  public static AwsCredentials longTerm(String accessKeyId, String secretAccessKey) {
    return new AwsCredentials(accessKeyId, secretAccessKey, null, null);
  }

  /** {@return the access key id} */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** {@return the secret access key} */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** {@return the session token of temporary credentials; empty for long-term ones} */
  public Optional<String> sessionToken() {
    return Optional.ofNullable(sessionToken);
  }

  /** {@return when the credentials stop working; empty when they do not expire} */
  public Optional<Instant> expiration() {
    return Optional.ofNullable(expiration);
  }

  private static String visible(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException(
          name + " must be non-empty visible ASCII (length " + value.length() + ")");
    }
    return value;
  }

  @Override
  public String toString() {
    return "AwsCredentials{accessKeyId="
        + accessKeyId
        + ", secretAccessKey=****, sessionToken="
        + (sessionToken == null ? "none" : "****")
        + ", expiration="
        + (expiration == null ? "never" : expiration)
        + "}";
  }
}
