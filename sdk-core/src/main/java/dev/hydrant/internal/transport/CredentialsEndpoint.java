package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;
import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.CredentialsException;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The HTTP exchange with the AWS IoT Core credential provider: {@code GET
 * /role-aliases/<alias>/credentials} over mutual TLS with the device certificate, the thing name in
 * {@code x-amzn-iot-thingname}, answered with {@code {"credentials":{"accessKeyId",
 * "secretAccessKey", "sessionToken", "expiration"}}}. Same TLS stack as the proxy transport
 * (Hydrant's socket factory, the configured {@link TlsPolicy} and {@link Trust}).
 *
 * <p>Classification: 200 with the four fields → credentials; 4xx other than 408/429 and TLS
 * certificate or handshake failures → {@link CredentialsException#refused() refused} (certificate
 * not registered or inactive, thing not attached, unknown role alias: configuration); anything else
 * (5xx, 408, 429, I/O, timeouts, a malformed answer) → unavailable, to be retried. Error messages
 * carry the status, the error type and the endpoint's message, never the response body of a success
 * (it holds the secret). Thread-safe; one pooled connection.
 */
public final class CredentialsEndpoint implements Closeable {
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final URI uri;
  private final String thingName;
  private final TlsSocketFactory socketFactory;
  private final SdkHttpClient client;
  private volatile String lastDate;

  /**
   * A client of the credentials endpoint.
   *
   * @param endpoint {@code https://host[:port]} of the credential provider
   * @param roleAlias the role alias (already validated by the caller)
   * @param thingName the IoT thing name sent in {@code x-amzn-iot-thingname}
   */
  @SuppressWarnings("deprecation")
  public CredentialsEndpoint(
      URI endpoint,
      String roleAlias,
      String thingName,
      ClientCertificate certificate,
      Trust trust,
      TlsPolicy policy,
      Duration connectTimeout,
      Duration readTimeout) {
    Objects.requireNonNull(certificate, "clientCertificate");
    this.uri = endpoint.resolve("/role-aliases/" + roleAlias + "/credentials");
    this.thingName = thingName;
    this.socketFactory =
        TlsSocketFactory.create(
            policy, trust, CertificatePins.NONE, certificate, new AtomicReference<>());
    this.client =
        ApacheHttpClient.builder()
            .socketFactory(socketFactory)
            .maxConnections(1)
            .connectionTimeout(connectTimeout)
            .socketTimeout(readTimeout)
            .connectionAcquisitionTimeout(connectTimeout)
            .useIdleConnectionReaper(false)
            .build();
  }

  /** The {@code Date} header of the most recent answer, or {@code null}. */
  public String lastDate() {
    return lastDate;
  }

  /** The full credentials URL (no secret in it). */
  public URI uri() {
    return uri;
  }

  /**
   * One request for credentials.
   *
   * @throws CredentialsException refused or unavailable, see the class comment
   */
  public AwsCredentials fetch() throws CredentialsException {
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.GET)
            .uri(uri)
            .putHeader("x-amzn-iot-thingname", thingName)
            .putHeader("User-Agent", ProxyTransport.USER_AGENT)
            .build();
    socketFactory.resetClientCertificateFlag();
    int status;
    byte[] body;
    String errorType;
    try {
      HttpExecuteResponse response =
          client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call();
      status = response.httpResponse().statusCode();
      errorType = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null);
      response.httpResponse().firstMatchingHeader("Date").ifPresent(d -> lastDate = d);
      body = read(response.responseBody());
    } catch (IOException | RuntimeException e) {
      Attempt failure =
          TransportFailures.classify(e, false, 0, socketFactory.clientCertificateMissing());
      boolean refused =
          failure.reason() == FailureReason.TLS_CERTIFICATE
              || failure.reason() == FailureReason.TLS_HANDSHAKE
              || failure.reason() == FailureReason.TLS_PIN_MISMATCH;
      throw new CredentialsException(
          "credentials endpoint " + uri + ": " + failure.detail(), refused, e);
    }
    if (status == 200) {
      return CredentialsAnswer.credentials(uri, body);
    }
    String message = CredentialsAnswer.message(body);
    String what =
        "credentials endpoint "
            + uri
            + " answered "
            + status
            + (errorType == null ? "" : " " + errorType)
            + (message == null ? "" : ": " + message);
    boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
    throw new CredentialsException(
        refused
            ? what
                + " (check the device certificate is registered and active, the thing is"
                + " attached to it, the role alias exists and the certificate's IoT policy allows"
                + " iot:AssumeRoleWithCertificate on it)"
            : what,
        refused);
  }

  private static byte[] read(Optional<AbortableInputStream> stream) throws IOException {
    if (stream.isEmpty()) {
      return new byte[0];
    }
    try (InputStream in = stream.get()) {
      byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
      if (bytes.length > MAX_RESPONSE_BYTES) {
        stream.get().abort();
        throw new IOException("credentials response larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return bytes;
    }
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "CredentialsEndpoint{" + uri + ", thingName=" + thingName + "}";
  }
}
