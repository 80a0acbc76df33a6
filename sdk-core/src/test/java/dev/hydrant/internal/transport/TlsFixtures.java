package dev.hydrant.internal.transport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantClientBuilder;
import dev.hydrant.HydrantConfig;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Certificates shared by the transport tests (generated once per JVM) and WireMock options. */
public final class TlsFixtures {
  static final Path DIR = tempDir();
  static final TestPki.Issued CA = TestPki.ca("Hydrant Test Root CA");
  static final TestPki.Issued LEAF =
      TestPki.server(CA, "localhost", "dns:localhost", "ip:127.0.0.1");

  /** The server sends only its leaf: the root (trust anchor) is not on the wire. */
  public static final Path SERVER_KEYSTORE =
      deleteOnExit(TestPki.pkcs12(DIR, "server", LEAF, LEAF.cert()));

  static final String STREAM = "sales_events_ingestor";

  private TlsFixtures() {}

  public static Trust trust() {
    return Trust.pem(TestPki.pem(CA.cert()));
  }

  public static WireMockConfiguration https(Path keystore) {
    return wireMockConfig()
        .httpDisabled(true)
        .dynamicHttpsPort()
        .bindAddress("127.0.0.1")
        .http2TlsDisabled(true)
        .keystorePath(keystore.toString())
        .keystorePassword(new String(TestPki.PASSWORD))
        .keyManagerPassword(new String(TestPki.PASSWORD))
        .keystoreType("PKCS12");
  }

  static HydrantConfig config(int port, String apiKey) {
    return config("localhost", port, apiKey, TlsPolicy.MODERN, trust(), CertificatePins.NONE, null);
  }

  static HydrantConfig config(
      String host,
      int port,
      String apiKey,
      TlsPolicy policy,
      Trust trust,
      CertificatePins pins,
      ClientCertificate clientCertificate) {
    HydrantClientBuilder b =
        HydrantClient.builder()
            .endpoint(URI.create("https://" + host + ":" + port + "/fh"))
            .batchEndpoint(URI.create("https://" + host + ":" + port + "/fh-batch"))
            .deliveryStream(STREAM)
            .apiKey(apiKey)
            .header("x-device-model", "stb-7")
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(5))
            .requestTimeout(Duration.ofSeconds(10))
            .tlsPolicy(policy)
            .trust(trust)
            .certificatePins(pins);
    if (clientCertificate != null) {
      b.clientCertificate(clientCertificate);
    }
    return b.config();
  }

  static Path deleteOnExit(Path file) {
    file.toFile().deleteOnExit();
    return file;
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("hydrant-tls");
      File f = dir.toFile();
      f.deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
