package dev.hydrant.testkit;

import dev.hydrant.testkit.internal.DevicePki;
import dev.hydrant.testkit.internal.HttpRequest;
import dev.hydrant.testkit.internal.HttpResponse;
import dev.hydrant.testkit.internal.HttpsServer;
import dev.hydrant.testkit.internal.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * An emulated AWS IoT Core credential provider endpoint: {@code GET
 * /role-aliases/<alias>/credentials} over mutual TLS on 127.0.0.1. The TLS handshake requires a
 * client certificate; like AWS IoT, which accepts any certificate at the TLS level and judges it
 * afterwards, a certificate not issued by the emulator's device CA ({@link
 * #issueDeviceCertificate}) is refused with 403 {@code AccessDeniedException} {@code Certificate is
 * invalid on this endpoint}. The request must name the configured role alias (else 404 {@code
 * ResourceNotFoundException}) and, if it sends {@code x-amzn-iot-thingname}, the thing the
 * certificate belongs to — the certificate's subject CN (else 403 {@code AccessDeniedException}).
 * It answers {@code {"credentials": {"accessKeyId", "secretAccessKey", "sessionToken",
 * "expiration"}}} with credentials issued by the {@link AwsIamVerifier} the gateway checks, so they
 * work there. Thread-safe.
 */
public final class IotCredentialsEmulator implements AutoCloseable {
  private static final Pattern PATH = Pattern.compile("/role-aliases/([^/]+)/credentials");

  private final AwsIamVerifier verifier;
  private final String roleAlias;
  private final DevicePki devices = DevicePki.generate("Hydrant Testkit Device CA");
  private final TlsMaterial tls = TlsMaterial.generate();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong issued = new AtomicLong();
  private volatile Duration lifetime;
  private volatile boolean down;
  private HttpsServer server;

  /**
   * An emulated credential provider for one role alias.
   *
   * @param verifier issues the credentials (and the gateway verifies them)
   * @param roleAlias the only role alias that exists
   * @param lifetime how long issued credentials are valid
   */
  public IotCredentialsEmulator(AwsIamVerifier verifier, String roleAlias, Duration lifetime) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.roleAlias = Objects.requireNonNull(roleAlias, "roleAlias");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /**
   * Binds an ephemeral port and starts serving; does nothing if already started.
   *
   * @return this emulator
   * @throws UncheckedIOException if the server cannot start
   */
  public synchronized IotCredentialsEmulator start() {
    if (server == null) {
      try {
        server =
            new HttpsServer(
                "hydrant-iot-credentials",
                0,
                tls,
                tls.mutualServerContext(new TrustManager[] {new AnyClientCertificate()}),
                true,
                64 * 1024,
                this::handle);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the credentials endpoint", e);
      }
    }
    return this;
  }

  /** {@return the endpoint, {@code https://localhost:<port>}; valid once started} */
  public URI endpoint() {
    return URI.create("https://localhost:" + server.port());
  }

  /** {@return the CA of the endpoint's server certificate, PEM (what the device must trust)} */
  public String serverCaPem() {
    return tls.caCertificatePem();
  }

  /** {@return the device CA that issues accepted client certificates} */
  public X509Certificate deviceCa() {
    return devices.caCertificate();
  }

  /**
   * Issues a device certificate for {@code thingName} into {@code directory}.
   *
   * @param thingName the thing name, the certificate's subject CN
   * @param directory where the key and chain files are written; created if missing
   * @return the PEM private key file; the chain is {@link #chainFileOf(Path)}
   */
  public Path issueDeviceCertificate(String thingName, Path directory) {
    return devices.issue(thingName, directory);
  }

  /**
   * The certificate chain file next to a key file from {@link #issueDeviceCertificate}.
   *
   * @param keyFile a key file returned by {@link #issueDeviceCertificate}
   * @return the PEM file holding the device certificate and then the device CA
   */
  public static Path chainFileOf(Path keyFile) {
    return DevicePki.chainFileOf(keyFile);
  }

  /**
   * While {@code true}, every request is answered 503 (an outage).
   *
   * @param down whether the endpoint is down
   */
  public void down(boolean down) {
    this.down = down;
  }

  /**
   * Changes the lifetime of credentials issued from now on.
   *
   * @param lifetime how long newly issued credentials are valid
   * @throws NullPointerException if {@code lifetime} is null
   */
  public void lifetime(Duration lifetime) {
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
  }

  /** {@return the number of requests answered (after a successful handshake)} */
  public long requests() {
    return requests.get();
  }

  /** {@return the number of credentials issued} */
  public long issued() {
    return issued.get();
  }

  private HttpResponse handle(SSLSession session, HttpRequest request) {
    requests.incrementAndGet();
    Map<String, String> headers = HttpResponse.newHeaders();
    headers.put("Content-Type", "application/json");
    headers.put(
        "Date",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(verifier.clock().instant(), ZoneOffset.UTC)));
    if (down) {
      return error(headers, 503, "ServiceUnavailableException", "Service Unavailable");
    }
    Matcher m = PATH.matcher(request.path());
    if (!request.method().equals("GET") || !m.matches()) {
      return error(headers, 404, "ResourceNotFoundException", "Not Found");
    }
    if (!m.group(1).equals(roleAlias)) {
      return error(headers, 404, "ResourceNotFoundException", "Role alias does not exist");
    }
    if (!issuedByDeviceCa(session)) {
      return error(
          headers, 403, "AccessDeniedException", "Certificate is invalid on this endpoint");
    }
    String subject = subjectCn(session);
    String thing = request.header("x-amzn-iot-thingname");
    if (subject == null || (thing != null && !thing.equals(subject))) {
      return error(headers, 403, "AccessDeniedException", "Access Denied");
    }
    AwsIamVerifier.IssuedCredentials c = verifier.issue(lifetime, subject);
    issued.incrementAndGet();
    String body =
        "{\"credentials\":{\"accessKeyId\":\""
            + c.accessKeyId()
            + "\",\"secretAccessKey\":\""
            + c.secretAccessKey()
            + "\",\"sessionToken\":\""
            + c.sessionToken()
            + "\",\"expiration\":\""
            + c.expiration()
            + "\"}}";
    return HttpResponse.json(200, headers, body);
  }

  private static HttpResponse error(
      Map<String, String> headers, int status, String type, String message) {
    headers.put("x-amzn-ErrorType", type);
    return HttpResponse.json(status, headers, "{\"message\":\"" + message + "\"}");
  }

  private boolean issuedByDeviceCa(SSLSession session) {
    try {
      Certificate[] peer = session.getPeerCertificates();
      X509Certificate[] chain = new X509Certificate[peer.length];
      for (int i = 0; i < peer.length; i++) {
        chain[i] = (X509Certificate) peer[i];
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(devices.trustStore());
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          x509.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
          return true;
        }
      }
      return false;
    } catch (SSLPeerUnverifiedException | GeneralSecurityException e) {
      return false;
    }
  }

  /** Accepts any client certificate in the handshake; the handler judges it. */
  private static final class AnyClientCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // Judged per request by issuedByDeviceCa, as AWS IoT judges after the handshake.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("server side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static String subjectCn(SSLSession session) {
    try {
      Certificate[] peer = session.getPeerCertificates();
      String dn = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
      return null;
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return null;
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public String toString() {
    return "IotCredentialsEmulator{roleAlias=" + roleAlias + ", lifetime=" + lifetime + "}";
  }
}
