package dev.hydrant.auth;

import dev.hydrant.internal.transport.CredentialsEndpoint;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Credentials from the AWS IoT Core credential provider: the device presents its X.509 certificate
 * over mutual TLS to its account's credentials endpoint ({@code aws iot describe-endpoint
 * --endpoint-type iot:CredentialProvider}), names a role alias and its thing name, and receives
 * temporary credentials of the role the alias points to. See <a
 * href="https://docs.aws.amazon.com/iot/latest/developerguide/authorizing-direct-aws.html">Authorizing
 * direct calls to AWS services using AWS IoT Core credential provider</a>.
 *
 * <p>TLS is Hydrant's: the {@link TlsPolicy} (default {@link TlsPolicy#MODERN}, TLS 1.2+) and the
 * {@link Trust} (default: the platform store, which holds Amazon's roots). Immutable and
 * thread-safe; {@link #close()} releases its connection (the client does it when it closes).
 */
public final class IotCredentialsProvider implements CredentialsProvider, AutoCloseable {

  /** Role alias names, as AWS IoT's CreateRoleAlias accepts them. */
  public static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");

  /** Thing names, as AWS IoT's CreateThing accepts them. */
  public static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

  /** Default TCP connect timeout to the credentials endpoint: 5 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Default read timeout on the credentials endpoint: 10 s. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

  private final CredentialsEndpoint endpoint;
  private final String description;

  private IotCredentialsProvider(Builder b) {
    this.endpoint =
        new CredentialsEndpoint(
            b.endpoint,
            b.roleAlias,
            b.thingName,
            b.clientCertificate,
            b.trust,
            b.tlsPolicy,
            b.connectTimeout,
            b.readTimeout);
    this.description =
        "IotCredentialsProvider{endpoint="
            + endpoint.uri()
            + ", thingName="
            + b.thingName
            + ", clientCertificate="
            + b.clientCertificate
            + ", trust="
            + b.trust
            + ", tlsPolicy="
            + b.tlsPolicy
            + "}";
  }

  /** {@return a new builder; endpoint, role alias, thing name and client certificate are unset} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AwsCredentials fetch() throws CredentialsException {
    return endpoint.fetch();
  }

  /**
   * The {@code Date} header of the endpoint's most recent answer: Hydrant compares it with the
   * device clock to sign with AWS's time when the device clock is wrong.
   *
   * @return the header's value; empty before the first answer that carried one
   */
  public Optional<String> lastServerDate() {
    return Optional.ofNullable(endpoint.lastDate());
  }

  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * Options of an {@link IotCredentialsProvider}; endpoint, role alias, thing name and client
   * certificate are required. Each setter validates its value.
   */
  public static final class Builder {
    private URI endpoint;
    private String roleAlias;
    private String thingName;
    private ClientCertificate clientCertificate;
    private Trust trust = Trust.platform();
    private TlsPolicy tlsPolicy = TlsPolicy.MODERN;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;

    private Builder() {}

    /**
     * The account's credentials endpoint, {@code https://<prefix>.credentials.iot.<region>
     * .amazonaws.com} (a port is allowed; a path, query or user info is not).
     *
     * @param endpoint the endpoint URI
     * @return this builder
     * @throws IllegalArgumentException if the scheme is not https, the host is missing, or it has a
     *     path, query or user info
     * @throws NullPointerException if {@code endpoint} is null
     */
    public Builder endpoint(URI endpoint) {
      Objects.requireNonNull(endpoint, "credentialsEndpoint");
      if (!"https".equalsIgnoreCase(endpoint.getScheme())
          || endpoint.getHost() == null
          || endpoint.getRawUserInfo() != null
          || endpoint.getRawQuery() != null
          || (endpoint.getRawPath() != null
              && !endpoint.getRawPath().isEmpty()
              && !endpoint.getRawPath().equals("/"))) {
        throw new IllegalArgumentException(
            "credentialsEndpoint must be https://host[:port] without path, query or user info: "
                + endpoint);
      }
      this.endpoint = URI.create("https://" + endpoint.getRawAuthority());
      return this;
    }

    /**
     * The role alias, {@code [\w=,@-]{1,128}}.
     *
     * @param roleAlias the role alias
     * @return this builder
     * @throws IllegalArgumentException if {@code roleAlias} does not match {@link #ROLE_ALIAS}
     * @throws NullPointerException if {@code roleAlias} is null
     */
    public Builder roleAlias(String roleAlias) {
      this.roleAlias = matching(roleAlias, ROLE_ALIAS, "roleAlias");
      return this;
    }

    /**
     * The thing name attached to the certificate, {@code [a-zA-Z0-9:_-]{1,128}}.
     *
     * @param thingName the thing name
     * @return this builder
     * @throws IllegalArgumentException if {@code thingName} does not match {@link #THING_NAME}
     * @throws NullPointerException if {@code thingName} is null
     */
    public Builder thingName(String thingName) {
      this.thingName = matching(thingName, THING_NAME, "thingName");
      return this;
    }

    /**
     * The device's certificate and private key (the same one it uses for AWS IoT Core).
     *
     * @param certificate the certificate and key
     * @return this builder
     * @throws NullPointerException if {@code certificate} is null
     */
    public Builder clientCertificate(ClientCertificate certificate) {
      this.clientCertificate = Objects.requireNonNull(certificate, "clientCertificate");
      return this;
    }

    /**
     * Trust anchors for the endpoint's server certificate; default {@link Trust#platform()}.
     *
     * @param trust the trust anchors
     * @return this builder
     * @throws NullPointerException if {@code trust} is null
     */
    public Builder trust(Trust trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /**
     * Protocols and suites; default {@link TlsPolicy#MODERN}.
     *
     * @param policy the TLS policy
     * @return this builder
     * @throws NullPointerException if {@code policy} is null
     */
    public Builder tlsPolicy(TlsPolicy policy) {
      this.tlsPolicy = Objects.requireNonNull(policy, "tlsPolicy");
      return this;
    }

    /**
     * TCP connect timeout, 1 ms to 1 h; default 5 s.
     *
     * @param timeout the connect timeout
     * @return this builder
     * @throws IllegalArgumentException naming {@code connectTimeout} if it is outside 1 ms to 1 h
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = AwsIamAuth.within(timeout, "connectTimeout");
      return this;
    }

    /**
     * Read (inactivity) timeout, 1 ms to 1 h; default 10 s.
     *
     * @param timeout the read timeout
     * @return this builder
     * @throws IllegalArgumentException naming {@code readTimeout} if it is outside 1 ms to 1 h
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = AwsIamAuth.within(timeout, "readTimeout");
      return this;
    }

    /**
     * Builds the provider.
     *
     * @return the provider; close it to release its connection
     * @throws IllegalStateException naming the first required option not set
     * @throws dev.hydrant.TlsConfigurationException if the TLS context cannot be built
     */
    public IotCredentialsProvider build() {
      require(endpoint, "credentialsEndpoint");
      require(roleAlias, "roleAlias");
      require(thingName, "thingName");
      require(clientCertificate, "clientCertificate");
      return new IotCredentialsProvider(this);
    }

    private static void require(Object value, String name) {
      if (value == null) {
        throw new IllegalStateException(name + " is required for the IoT credential provider");
      }
    }

    private static String matching(String value, Pattern pattern, String name) {
      Objects.requireNonNull(value, name);
      if (!pattern.matcher(value).matches()) {
        throw new IllegalArgumentException(
            name + " must match " + pattern.pattern() + ": '" + value + "'");
      }
      return value;
    }
  }
}
