package dev.hydrant.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authorization with AWS Signature Version 4 for an API Gateway stage whose methods use {@code
 * AWS_IAM}: every request is signed (service {@value #SERVICE}, the endpoint's region) over the
 * exact body bytes sent, with credentials from a {@link CredentialsProvider}. See <a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html">AWS Signature Version
 * 4 for API requests</a>.
 *
 * <p>Credentials are fetched on Hydrant's credentials thread, never on the {@code send()} path: at
 * start, {@link #refreshAhead()} before they expire (or at half their life if that is sooner), at
 * once when the proxy answers that the security token expired, and after a failure with exponential
 * backoff from {@link #initialBackoff()} to {@link #maxBackoff()}. Only one fetch runs at a time.
 * Until credentials arrive, events wait in the buffer or spool; if the credentials endpoint refuses
 * the device, events fail with {@code FailureReason.CREDENTIALS_REFUSED}.
 *
 * <p>Immutable and thread-safe.
 */
public final class AwsIamAuth {
  /** The SigV4 service name of API Gateway's invoke endpoint. */
  public static final String SERVICE = "execute-api";

  /** Default time before expiry at which credentials are refreshed: 5 minutes. */
  public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofMinutes(5);

  /** Default first wait after a failed fetch: 1 s. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** Default longest wait between failed fetches: 5 minutes. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

  /** AWS region names ({@code eu-west-1}, {@code us-gov-west-1}, ...). */
  public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+){1,3}");

  private static final Pattern EXECUTE_API_HOST =
      Pattern.compile("[^.]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

  private static final Duration ONE_MS = Duration.ofMillis(1);
  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final Duration ONE_DAY = Duration.ofDays(1);

  private final CredentialsProvider provider;
  private final String region;
  private final Duration refreshAhead;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private AwsIamAuth(Builder b) {
    this.provider = b.provider;
    this.region = b.region;
    this.refreshAhead = b.refreshAhead;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
  }

  /**
   * Signing with credentials from {@code provider}.
   *
   * @param provider where signing credentials come from
   * @return a builder holding the default region, refresh and backoff options
   * @throws NullPointerException naming {@code credentialsProvider} if {@code provider} is null
   */
  public static Builder builder(CredentialsProvider provider) {
    return new Builder(provider);
  }

  /** {@return where signing credentials come from} */
  public CredentialsProvider credentialsProvider() {
    return provider;
  }

  /** {@return the configured signing region; empty means "derive it from the endpoint"} */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** {@return how long before expiry credentials are refreshed} */
  public Duration refreshAhead() {
    return refreshAhead;
  }

  /** {@return the first wait after a failed fetch} */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** {@return the longest wait between failed fetches} */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The region requests to {@code endpoint} are signed for: the configured one, else the one in an
   * {@code <id>.execute-api.<region>.amazonaws.com} host name.
   *
   * @param endpoint the endpoint requests are sent to
   * @return the signing region
   * @throws IllegalArgumentException naming {@code region} if none is configured and the host name
   *     carries none (a custom domain name)
   */
  public String signingRegion(URI endpoint) {
    if (region != null) {
      return region;
    }
    return regionOf(endpoint)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "region must be set for AWS_IAM signing: the endpoint host "
                        + endpoint.getHost()
                        + " is not <id>.execute-api.<region>.amazonaws.com"));
  }

  /**
   * The region of an {@code <id>.execute-api.<region>.amazonaws.com} URI, if it is one.
   *
   * @param endpoint the URI; may be null
   * @return the region in its host name; empty if {@code endpoint} is null, has no host or another
   *     host name
   */
  public static Optional<String> regionOf(URI endpoint) {
    if (endpoint == null || endpoint.getHost() == null) {
      return Optional.empty();
    }
    Matcher m = EXECUTE_API_HOST.matcher(endpoint.getHost().toLowerCase(Locale.ROOT));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "AwsIamAuth{service="
        + SERVICE
        + ", region="
        + (region == null ? "(from endpoint)" : region)
        + ", provider="
        + provider
        + ", refreshAhead="
        + refreshAhead
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + "}";
  }

  static Duration within(Duration value, String name) {
    return within(value, name, ONE_MS, ONE_HOUR);
  }

  static Duration within(Duration value, String name, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  /** Options of {@link AwsIamAuth}; each setter validates and names its parameter. */
  public static final class Builder {
    private final CredentialsProvider provider;
    private String region;
    private Duration refreshAhead = DEFAULT_REFRESH_AHEAD;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;

    private Builder(CredentialsProvider provider) {
      this.provider = Objects.requireNonNull(provider, "credentialsProvider");
    }

    /**
     * The signing region; needed when the endpoint is a custom domain name (otherwise taken from
     * the {@code execute-api} host name).
     *
     * @param region the region name, matching {@link #REGION} (like {@code eu-west-1})
     * @return this builder
     * @throws IllegalArgumentException if {@code region} does not match {@link #REGION}
     * @throws NullPointerException if {@code region} is null
     */
    public Builder region(String region) {
      Objects.requireNonNull(region, "region");
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException(
            "region must match " + REGION.pattern() + " (like eu-west-1): '" + region + "'");
      }
      this.region = region;
      return this;
    }

    /**
     * How long before expiry credentials are refreshed: 1 ms to 24 h; default 5 minutes.
     *
     * @param refreshAhead the time before expiry
     * @return this builder
     * @throws IllegalArgumentException naming {@code refreshAhead} if it is outside 1 ms to 24 h
     * @throws NullPointerException if {@code refreshAhead} is null
     */
    public Builder refreshAhead(Duration refreshAhead) {
      this.refreshAhead = within(refreshAhead, "refreshAhead", ONE_MS, ONE_DAY);
      return this;
    }

    /**
     * First wait after a failed fetch: 1 ms to 1 h; default 1 s.
     *
     * @param backoff the first wait
     * @return this builder
     * @throws IllegalArgumentException naming {@code initialBackoff} if it is outside 1 ms to 1 h
     * @throws NullPointerException if {@code backoff} is null
     */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = within(backoff, "initialBackoff");
      return this;
    }

    /**
     * Longest wait between failed fetches: 1 ms to 1 h; default 5 minutes.
     *
     * @param backoff the longest wait
     * @return this builder
     * @throws IllegalArgumentException naming {@code maxBackoff} if it is outside 1 ms to 1 h
     * @throws NullPointerException if {@code backoff} is null
     */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = within(backoff, "maxBackoff");
      return this;
    }

    /**
     * Builds the immutable signing configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if {@code initialBackoff > maxBackoff}
     */
    public AwsIamAuth build() {
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalArgumentException(
            "initialBackoff must not exceed maxBackoff: " + initialBackoff + " > " + maxBackoff);
      }
      return new AwsIamAuth(this);
    }
  }
}
