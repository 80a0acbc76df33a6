package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.testkit.FirehoseBilling;
import dev.hydrant.testkit.FirehoseEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code hydrant-demo.jar} run as a process, as a user runs it: against its embedded
 * emulator, a standalone emulator, and a proxy that only speaks TLS 1.1. This JVM has TLS 1.0/1.1
 * re-enabled (failsafe argLine) so that it can play that legacy proxy.
 */
@Timeout(120)
class DemoJarIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void defaultRunDeliversEveryEventAndFindsItInS3() throws Exception {
    DemoProcess.Result r =
        DemoProcess.run(dir, TIMEOUT, "--duration", "3s", "--devices", "10", "--json");
    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = r.json();
    long accepted = json.get("events_accepted").asLong();
    assertTrue(accepted > 3_000, r::toString); // 3 s at 2,000 events/s
    assertEquals(json.get("events_generated").asLong(), accepted);
    assertEquals(accepted, json.get("events_acknowledged").asLong());
    assertEquals(accepted, json.get("events_verified").asLong());
    assertEquals(0, json.get("events_missing").asLong());
    assertEquals(0, json.get("events_dropped").asLong());
    assertTrue(List.of("TLSv1.2", "TLSv1.3").contains(json.get("tls_protocol").asText()));
    assertFalse(json.get("tls_cipher").asText().isEmpty());
    long billed = json.get("billed_bytes").asLong();
    assertEquals(0, billed % FirehoseBilling.UNIT_BYTES);
    assertEquals(accepted * FirehoseBilling.UNIT_BYTES, json.get("billed_bytes_naive").asLong());
    assertTrue(billed < json.get("billed_bytes_naive").asLong() / 4, r::toString);
    assertTrue(json.get("bytes_sent").asLong() > billed / 2, r::toString);
    long p50 = json.get("latency_p50_ms").asLong();
    assertTrue(p50 >= 0 && p50 <= json.get("latency_p99_ms").asLong(), r::toString);
    for (String key :
        List.of(
            "requests",
            "records",
            "retries",
            "events_duplicated",
            "elapsed_ms",
            "events_per_sec")) {
      assertTrue(json.has(key), key);
    }
  }

  @Test
  void flakyProxyLosesNothing() throws Exception {
    // The faults are drawn per request from seed 42 and the first one falls on request 8 to 11.
    DemoProcess.Result r =
        DemoProcess.run(
            dir,
            TIMEOUT,
            "produce",
            "--faults",
            "flaky",
            // A steady trickle for 8 s: even when a loaded machine holds the first request for
            // seconds, the later ones stay small and many, so the faults get their chance.
            "--duration",
            "8s",
            "--rate",
            "250",
            "--devices",
            "10",
            "--linger",
            "50ms",
            "--json");
    assertEquals(0, r.exitCode(), r::toString);
    JsonNode json = r.json();
    assertTrue(json.get("retries").asLong() > 0, "the faults must have caused retries: " + r);
    assertEquals(0, json.get("events_missing").asLong(), r::toString);
    assertEquals(json.get("events_accepted").asLong(), json.get("events_verified").asLong());
  }

  @Test
  void tls11OnlyProxyIsAConfigurationErrorNamingTheProtocol() throws Exception {
    try (LegacyTlsServer server = new LegacyTlsServer("TLSv1.1")) {
      assertEquals("TLSv1.1", rawHandshake(server), "control: a raw JDK client speaks TLS 1.1");
      Path trust = dir.resolve("legacy.pem");
      Files.writeString(trust, server.certificatePem(), StandardCharsets.US_ASCII);

      DemoProcess.Result r =
          DemoProcess.run(
              dir,
              TIMEOUT,
              "--endpoint",
              "https://127.0.0.1:" + server.port() + "/fh",
              "--trust",
              trust.toString(),
              "--duration",
              "2s",
              "--json");

      assertEquals(2, r.exitCode(), r::toString);
      assertEquals("", r.stdout().strip(), r::toString);
      assertTrue(
          r.stderr().contains("endpoint offers only TLSv1.1; Hydrant requires TLS 1.2 or newer"),
          r::toString);
      // The cause is the last line; before it only the library's own log lines may stand.
      List<String> lines = r.stderr().strip().lines().toList();
      assertEquals(
          "hydrant-demo: endpoint offers only TLSv1.1; Hydrant requires TLS 1.2 or newer",
          lines.get(lines.size() - 1),
          r::toString);
      assertTrue(
          lines.subList(0, lines.size() - 1).stream().allMatch(l -> l.contains(" dev.hydrant")),
          r::toString);
    }
  }

  @Test
  void checkTlsPassesTheEmulator() throws Exception {
    try (FirehoseEmulator emulator = FirehoseEmulator.builder().build().start()) {
      Path ca = dir.resolve("emulator-ca.pem");
      Files.writeString(ca, emulator.caCertificatePem(), StandardCharsets.US_ASCII);

      DemoProcess.Result r =
          DemoProcess.run(
              dir,
              TIMEOUT,
              "check-tls",
              emulator.endpoint().toString(),
              "--trust",
              ca.toString(),
              "--json");

      assertEquals(0, r.exitCode(), r::toString);
      JsonNode json = r.json();
      JsonNode protocols = json.get("protocols");
      for (String legacy : List.of("TLSv1", "TLSv1.1")) {
        assertTrue(protocols.get(legacy).get("tested").asBoolean(), r::toString);
        assertFalse(protocols.get(legacy).get("accepted").asBoolean(), r::toString);
      }
      for (String modern : List.of("TLSv1.2", "TLSv1.3")) {
        assertTrue(protocols.get(modern).get("accepted").asBoolean(), r::toString);
        assertFalse(protocols.get(modern).get("cipher").asText().isEmpty(), r::toString);
      }
      assertTrue(json.get("trusted").asBoolean(), r::toString);
      assertTrue(json.get("pass").asBoolean(), r::toString);
      assertTrue(
          json.get("certificate").get("subject_alt_names").toString().contains("IP:127.0.0.1"));
    }
  }

  @Test
  void checkTlsFailsATls11OnlyProxy() throws Exception {
    try (LegacyTlsServer server = new LegacyTlsServer("TLSv1.1")) {
      DemoProcess.Result r =
          DemoProcess.run(dir, TIMEOUT, "check-tls", "https://127.0.0.1:" + server.port() + "/fh");

      assertEquals(1, r.exitCode(), r::toString);
      assertTrue(r.stdout().matches("(?s).*TLSv1\\.1 +ACCEPTED.*"), r::toString);
      assertTrue(
          r.stdout()
              .contains("FAIL: endpoint offers only TLSv1.1; Hydrant requires TLS 1.2 or newer"),
          r::toString);
      assertTrue(r.stdout().contains("NOT trusted"), r::toString);
    }
  }

  @Test
  void roundtripAcknowledgesOneEventOfEachType() throws Exception {
    try (FirehoseEmulator emulator = FirehoseEmulator.builder().build().start()) {
      Path ca = dir.resolve("emulator-ca.pem");
      Files.writeString(ca, emulator.caCertificatePem(), StandardCharsets.US_ASCII);

      DemoProcess.Result r =
          DemoProcess.run(
              dir,
              TIMEOUT,
              "roundtrip",
              emulator.endpoint().toString(),
              "--trust",
              ca.toString(),
              "--json");

      assertEquals(0, r.exitCode(), r::toString);
      JsonNode events = r.json().get("events");
      assertEquals(4, events.size());
      for (JsonNode e : events) {
        assertTrue(e.get("acknowledged").asBoolean(), r::toString);
      }
      List<String> types =
          emulator.deliveredLines().stream()
              .map(l -> l.replaceAll(".*\"event_type\":\"([a-z_]+)\".*", "$1"))
              .toList();
      assertEquals(
          List.of("video_quality", "network_latency", "uptime", "hydrant_roundtrip"), types);
    }
  }

  private static String rawHandshake(LegacyTlsServer server) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry(
        "legacy",
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new java.io.ByteArrayInputStream(
                    server.certificatePem().getBytes(StandardCharsets.US_ASCII))));
    tmf.init(store);
    context.init(null, tmf.getTrustManagers(), null);
    try (SSLSocket s =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
      s.setEnabledProtocols(new String[] {"TLSv1.1"});
      s.startHandshake();
      return s.getSession().getProtocol();
    }
  }
}
