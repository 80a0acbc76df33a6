package dev.hydrant.examples;

import dev.hydrant.Compression;
import dev.hydrant.HydrantClientBuilder;
import dev.hydrant.Route;
import dev.hydrant.TlsConfigurationException;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options that point a Hydrant client at a real proxy: stream, route, API key and TLS (trust,
 * pins, client certificate), and an optional disk spool. Shared by {@code produce} and {@code
 * roundtrip}.
 */
final class ClientOptions {
  /** Environment variable read when {@code --api-key} is not given: {@value}. */
  static final String API_KEY_ENV = "HYDRANT_API_KEY";

  static final String TRUST_PASSWORD_ENV = "HYDRANT_TRUST_PASSWORD";
  static final String CLIENT_CERT_PASSWORD_ENV = "HYDRANT_CLIENT_CERT_PASSWORD";

  /** Where secrets come from; tests replace it. */
  Secrets secrets = Secrets.fromProcess();

  @Option(
      names = "--stream",
      paramLabel = "NAME",
      description = "Firehose delivery stream name (default: ${DEFAULT-VALUE}).")
  String stream = "stb-telemetry";

  @Option(
      names = "--route",
      paramLabel = "single|batch",
      description =
          "single: one record per request (the /fh route every proxy has); batch: PutRecordBatch on"
              + " <endpoint>/batch (default: ${DEFAULT-VALUE}).")
  String route = "single";

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "API Gateway key sent as x-api-key. Prefer $"
              + API_KEY_ENV
              + " or --api-key-file: a value here is visible to other users (ps).")
  String apiKey;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description = "Read the API key from FILE (surrounding whitespace ignored).")
  Path apiKeyFile;

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description = "CA certificates to trust instead of the JVM's: PEM, or PKCS12 (.p12/.pfx).")
  Path trust;

  @Option(
      names = "--trust-password",
      paramLabel = "PASSWORD",
      description =
          "Password of a PKCS12 --trust file, if it has one. Prefer $"
              + TRUST_PASSWORD_ENV
              + " or --trust-password-file: a value here is visible to other users (ps).")
  String trustPassword;

  @Option(
      names = "--trust-password-file",
      paramLabel = "FILE",
      description = "Read the --trust password from FILE.")
  Path trustPasswordFile;

  @Option(
      names = "--pin",
      paramLabel = "sha256/BASE64",
      description =
          "Public-key pin of the endpoint's chain; repeat it (at least two: the live key and a"
              + " backup).")
  List<String> pins = new ArrayList<>();

  @Option(
      names = "--client-cert",
      paramLabel = "FILE",
      description = "PKCS12 file with the client certificate and key, for mutual TLS.")
  Path clientCert;

  @Option(
      names = "--client-cert-password",
      paramLabel = "PASSWORD",
      description =
          "Password of the --client-cert file. Prefer $"
              + CLIENT_CERT_PASSWORD_ENV
              + " or --client-cert-password-file: a value here is visible to other users (ps).")
  String clientCertPassword;

  @Option(
      names = "--client-cert-password-file",
      paramLabel = "FILE",
      description = "Read the --client-cert password from FILE.")
  Path clientCertPasswordFile;

  @Option(
      names = "--compression",
      paramLabel = "none|gzip|gzip:LEVEL",
      description =
          "Record encoding: none, or gzip (one gzip member per Firehose record, 8x fewer billed"
              + " bytes; the stream's S3 objects must then be named .gz), gzip:1..9 for a level"
              + " (default: ${DEFAULT-VALUE}).")
  String compression = "none";

  @Option(
      names = "--spool",
      paramLabel = "DIR",
      description =
          "Buffer events in a crash-safe disk spool in DIR; what is left at exit is sent by the"
              + " next run.")
  Path spool;

  /** The route option as a {@link Route}. */
  Route route() {
    return switch (route.toLowerCase(Locale.ROOT)) {
      case "single" -> Route.SINGLE;
      case "batch" -> Route.BATCH;
      default ->
          throw new ConfigurationException("--route must be single or batch, got '" + route + "'");
    };
  }

  /** The compression option as a {@link Compression}. */
  Compression compression() {
    try {
      return Compression.parse(compression);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          compression.toLowerCase(Locale.ROOT).startsWith("gzip:")
              ? "--compression gzip level must be 1 to 9, got '" + compression + "'"
              : "--compression must be none, gzip or gzip:1..9, got '" + compression + "'",
          e);
    }
  }

  /**
   * The API key from {@code --api-key-file}, {@code --api-key} or {@value #API_KEY_ENV}, or null.
   */
  String apiKey() {
    return secrets.resolve("--api-key", apiKey, apiKeyFile, API_KEY_ENV);
  }

  /** The {@code --trust} store password, or null. */
  String trustPassword() {
    return secrets.resolve(
        "--trust-password", trustPassword, trustPasswordFile, TRUST_PASSWORD_ENV);
  }

  /** The {@code --client-cert} password, or the empty password. */
  String clientCertPassword() {
    String password =
        secrets.resolve(
            "--client-cert-password",
            clientCertPassword,
            clientCertPasswordFile,
            CLIENT_CERT_PASSWORD_ENV);
    return password == null ? "" : password;
  }

  /** The trust anchors: {@code --trust}, or the JVM's. */
  Trust trust() {
    if (trust == null) {
      return Trust.platform();
    }
    if (!Files.isReadable(trust)) {
      throw new ConfigurationException(
          "--trust file " + trust + " does not exist or is unreadable");
    }
    try {
      if (looksLikePem(trust)) {
        return Trust.pemFile(trust);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(trust)) {
        String password = trustPassword();
        store.load(in, password == null ? null : password.toCharArray());
      }
      return Trust.keyStore(store);
    } catch (IOException | GeneralSecurityException | TlsConfigurationException e) {
      throw new ConfigurationException(
          "--trust file "
              + trust
              + " is neither a PEM bundle nor a readable PKCS12 store: "
              + TlsProbe.message(e),
          e);
    }
  }

  private static boolean looksLikePem(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    }
    return new String(head, StandardCharsets.ISO_8859_1).contains("-----BEGIN");
  }

  /**
   * Applies stream, route, compression, API key, TLS and spool to {@code builder} for {@code
   * endpoint}.
   *
   * @throws ConfigurationException naming the option that is wrong
   */
  HydrantClientBuilder apply(HydrantClientBuilder builder, URI endpoint, Trust trust) {
    try {
      builder
          .endpoint(endpoint)
          .deliveryStream(stream)
          .route(route())
          .trust(trust)
          .compression(compression());
      String key = apiKey();
      if (key != null) {
        builder.apiKey(key);
      }
      if (!pins.isEmpty()) {
        builder.certificatePins(
            CertificatePins.builder().add(endpoint.getHost(), pins.toArray(String[]::new)).build());
      }
      if (clientCert != null) {
        builder.clientCertificate(
            ClientCertificate.pkcs12(clientCert, clientCertPassword().toCharArray()));
      }
      if (spool != null) {
        builder.spoolDirectory(spool);
      }
      return builder;
    } catch (IllegalArgumentException | TlsConfigurationException e) {
      throw new ConfigurationException(TlsProbe.message(e), e);
    }
  }
}
