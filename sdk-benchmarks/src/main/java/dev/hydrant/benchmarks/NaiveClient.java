package dev.hydrant.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * The obvious client Hydrant is compared with, modelled on a curl-style sender: for every event one
 * synchronous HTTPS POST of {@code {"DeliveryStreamName":..,"Data":base64(line)}} to the
 * single-record route, so one Firehose record per event. It uses the same Apache HTTP client as
 * Hydrant, with keep-alive and one pooled connection per producer thread (better than curl, which
 * would handshake every time), and the JDK's default TLS protocols (1.2 and 1.3 on JDK 17).
 * Thread-safe.
 */
final class NaiveClient implements AutoCloseable {
  private final SdkHttpClient http;
  private final URI endpoint;
  private final String stream;

  NaiveClient(URI endpoint, String stream, KeyStore trustStore, int connections)
      throws GeneralSecurityException {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    this.http = build(trust, connections);
    this.endpoint = endpoint;
    this.stream = stream;
  }

  // ApacheHttpClient is deprecated in AWS SDK 2.57 in favour of the httpclient5-based client; the
  // baseline must use the same client Hydrant uses, so the warning is suppressed here only.
  @SuppressWarnings("deprecation")
  private static SdkHttpClient build(TrustManagerFactory trust, int connections) {
    return ApacheHttpClient.builder()
        .tlsTrustManagersProvider(trust::getTrustManagers)
        .maxConnections(connections)
        .build();
  }

  /**
   * Posts one event line as one record and waits for the answer.
   *
   * @return the request body's length in bytes
   * @throws IOException if the request fails or the answer is not 200
   */
  int post(byte[] line) throws IOException {
    String body =
        "{\"DeliveryStreamName\":\""
            + stream
            + "\",\"Data\":\""
            + Base64.getEncoder().encodeToString(line)
            + "\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("Content-Type", "application/json")
            .putHeader("Content-Length", Integer.toString(bytes.length))
            .build();
    HttpExecuteResponse response =
        http.prepareRequest(
                HttpExecuteRequest.builder()
                    .request(request)
                    .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes))
                    .build())
            .call();
    Optional<AbortableInputStream> stream = response.responseBody();
    if (stream.isPresent()) {
      try (InputStream in = stream.get()) {
        in.readAllBytes();
      }
    }
    int status = response.httpResponse().statusCode();
    if (status != 200) {
      throw new IOException("naive POST answered " + status);
    }
    return bytes.length;
  }

  @Override
  public void close() {
    http.close();
  }
}
