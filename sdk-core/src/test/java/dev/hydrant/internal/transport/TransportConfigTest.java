package dev.hydrant.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TransportConfigTest {
  private static final URI SINGLE = URI.create("https://firehose.example.com/fh");
  private static final URI BATCH = URI.create("https://firehose.example.com/fh-batch");

  @Test
  void defaults() {
    TransportConfig c = TransportConfig.of(SINGLE, BATCH, "firehose-proxy");
    assertNull(c.apiKey());
    assertEquals(Map.of(), c.headers());
    assertFalse(c.gzip());
    assertEquals(Duration.ofSeconds(5), c.connectTimeout());
    assertEquals(Duration.ofSeconds(15), c.readTimeout());
    assertEquals(Duration.ofSeconds(30), c.requestTimeout());
    assertEquals(2, c.maxConnections());
    assertEquals(Duration.ofSeconds(60), c.connectionTtl());
    assertEquals(TlsPolicy.MODERN, c.tlsPolicy());
    assertEquals(Trust.platform(), c.trust());
    assertEquals(CertificatePins.NONE, c.pins());
    assertNull(c.clientCertificate());
    assertEquals(
        new RetrySettings(
            8, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(60)),
        RetrySettings.DEFAULTS);
    assertEquals(3, RecordDelivery.MAX_AMBIGUOUS_ANSWERS);
    assertTrue(
        ProxyTransport.USER_AGENT.matches("hydrant/\\d+\\.\\d+\\.\\d+.*"),
        ProxyTransport.USER_AGENT);
  }

  @Test
  void invalidConfigMessages() {
    assertInvalid(
        "endpoint must be an https:// URI with a host (plain http is refused): http://firehose.example.com/fh",
        b -> b.endpoint(URI.create("http://firehose.example.com/fh")));
    assertInvalid(
        "batchEndpoint must be an https:// URI with a host (plain http is refused): http://x/b",
        b -> b.batchEndpoint(URI.create("http://x/b")));
    assertInvalid(
        "deliveryStream must match [a-zA-Z0-9_.-]{1,64}: 'bad\"name'", b -> b.stream("bad\"name"));
    assertInvalid(
        "deliveryStream must match [a-zA-Z0-9_.-]{1,64}: '" + "s".repeat(65) + "'",
        b -> b.stream("s".repeat(65)));
    assertInvalid("apiKey must be visible ASCII without spaces", b -> b.apiKey("two words"));
    assertInvalid(
        "headers must not set 'X-Api-Key': Hydrant sets it itself",
        b -> b.header("X-Api-Key", "k"));
    assertInvalid(
        "headers must not set 'Content-Type': Hydrant sets it itself",
        b -> b.header("Content-Type", "text/plain"));
    assertInvalid("headers: invalid header 'x-trace'", b -> b.header("x-trace", "a\r\nb: c"));
    assertInvalid("connectTimeout must be positive: PT0S", b -> b.connectTimeout(Duration.ZERO));
    assertInvalid(
        "requestTimeout must be positive: PT-1S", b -> b.requestTimeout(Duration.ofSeconds(-1)));
    assertInvalid("maxConnections must be at least 1: 0", b -> b.maxConnections(0));
    assertEquals(
        "maxAttempts must be at least 1: 0",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO))
            .getMessage());
    assertEquals(
        "maxBackoff must be at least initialBackoff (PT1S): PT0.5S",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new RetrySettings(
                        3, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO))
            .getMessage());
  }

  @Test
  void toStringMasksTheApiKeyAndSecretHeaders() {
    TransportConfig c =
        new Draft()
            .apiKey("k3y-SECRET-value-1234")
            .header("x-auth-token", "tok-SECRET")
            .header("x-model", "stb-7")
            .build();
    String s = c.toString();
    assertFalse(s.contains("SECRET"), s);
    assertFalse(s.contains("1234"), s);
    assertTrue(s.contains("apiKey=****"), s);
    assertTrue(s.contains("x-auth-token=****"), s);
    assertTrue(s.contains("x-model=stb-7"), s);
  }

  private static void assertInvalid(String message, UnaryOperator<Draft> change) {
    assertEquals(
        message,
        assertThrows(IllegalArgumentException.class, () -> change.apply(new Draft()).build())
            .getMessage());
  }

  /** A mutable copy of the defaults, to change one field at a time. */
  private static final class Draft {
    private URI endpoint = SINGLE;
    private URI batch = BATCH;
    private String stream = "firehose-proxy";
    private String apiKey;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration connect = Duration.ofSeconds(5);
    private Duration request = Duration.ofSeconds(30);
    private int maxConnections = 2;

    Draft endpoint(URI u) {
      endpoint = u;
      return this;
    }

    Draft batchEndpoint(URI u) {
      batch = u;
      return this;
    }

    Draft stream(String s) {
      stream = s;
      return this;
    }

    Draft apiKey(String k) {
      apiKey = k;
      return this;
    }

    Draft header(String n, String v) {
      headers.put(n, v);
      return this;
    }

    Draft connectTimeout(Duration d) {
      connect = d;
      return this;
    }

    Draft requestTimeout(Duration d) {
      request = d;
      return this;
    }

    Draft maxConnections(int n) {
      maxConnections = n;
      return this;
    }

    TransportConfig build() {
      return new TransportConfig(
          endpoint,
          batch,
          stream,
          apiKey,
          headers,
          false,
          connect,
          Duration.ofSeconds(15),
          request,
          maxConnections,
          Duration.ofSeconds(60),
          TlsPolicy.MODERN,
          Trust.platform(),
          CertificatePins.NONE,
          null);
    }
  }
}
