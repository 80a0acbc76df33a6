package dev.hydrant.testkit.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority and a server certificate for {@code localhost} and {@code
 * 127.0.0.1}, generated in memory with BouncyCastle when the emulator starts. Keys are ECDSA P-256
 * (fast to generate and to handshake with). Immutable and thread-safe.
 */
public final class TlsMaterial {

  /** Protocols the emulator accepts: like the proxy's custom domain, nothing below TLS 1.2. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** Forward-secret AEAD suites, intersected with what the JVM supports. */
  private static final List<String> CIPHER_ALLOW_LIST =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private static final char[] STORE_PASSWORD = "hydrant-testkit".toCharArray();
  private static final Duration VALIDITY = Duration.ofDays(2);

  private final X509Certificate caCertificate;
  private final SSLContext serverContext;
  private final KeyManager[] serverKeys;
  private final SSLContext clientContext;
  private final KeyStore trustStore;
  private final List<String> cipherSuites;

  private TlsMaterial(
      X509Certificate caCertificate,
      SSLContext serverContext,
      KeyManager[] serverKeys,
      SSLContext clientContext,
      KeyStore trustStore) {
    this.caCertificate = caCertificate;
    this.serverContext = serverContext;
    this.serverKeys = serverKeys;
    this.clientContext = clientContext;
    this.trustStore = trustStore;
    Set<String> supported = Set.of(serverContext.getSupportedSSLParameters().getCipherSuites());
    List<String> suites = new ArrayList<>();
    for (String suite : CIPHER_ALLOW_LIST) {
      if (supported.contains(suite)) {
        suites.add(suite);
      }
    }
    if (suites.isEmpty()) {
      throw new IllegalStateException(
          "this JVM supports none of the cipher suites " + CIPHER_ALLOW_LIST);
    }
    this.cipherSuites = List.copyOf(suites);
  }

  /**
   * Generates a fresh CA and a leaf certificate signed by it.
   *
   * @throws IllegalStateException if the JVM lacks EC keys or TLS (never on a standard JDK 17)
   */
  public static TlsMaterial generate() {
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair caKeys = generator.generateKeyPair();
      KeyPair leafKeys = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name caName = new X500Name("CN=Hydrant Testkit CA " + now.toEpochMilli());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
              caName,
              serial(random),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              caName,
              caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      ca.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ca.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCert = sign(ca, caKeys);

      X509v3CertificateBuilder leaf =
          new JcaX509v3CertificateBuilder(
              caCert,
              serial(random),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              new X500Name("CN=localhost"),
              leafKeys.getPublic());
      leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      leaf.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      leaf.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
      leaf.addExtension(
          Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(caCert));
      X509Certificate leafCert = sign(leaf, caKeys);

      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "server",
          leafKeys.getPrivate(),
          STORE_PASSWORD,
          new X509Certificate[] {leafCert, caCert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, STORE_PASSWORD);

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("hydrant-testkit-ca", caCert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);

      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, random);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, tmf.getTrustManagers(), random);
      return new TlsMaterial(caCert, server, kmf.getKeyManagers(), client, trust);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the emulator's TLS certificates", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate the emulator's TLS certificates", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(64, random).abs().add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer =
        new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  /** The CA certificate clients must trust. */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** The CA certificate in PEM form. */
  public String caCertificatePem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(caCertificate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the CA certificate", e);
    }
    return out.toString();
  }

  /**
   * A new PKCS#12 trust store holding only the CA certificate (each call returns a copy, so callers
   * may modify it).
   */
  public KeyStore trustStore() {
    try {
      KeyStore copy = KeyStore.getInstance("PKCS12");
      copy.load(null, null);
      copy.setCertificateEntry(
          "hydrant-testkit-ca", trustStore.getCertificate("hydrant-testkit-ca"));
      return copy;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot copy the trust store", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the trust store", e);
    }
  }

  /** A client {@link SSLContext} that trusts only the emulator's CA. */
  public SSLContext clientContext() {
    return clientContext;
  }

  /** The server {@link SSLContext} holding the leaf key. */
  public SSLContext serverContext() {
    return serverContext;
  }

  /**
   * A server {@link SSLContext} with the same key that checks client certificates against {@code
   * clientTrust} (for mutual TLS).
   */
  public SSLContext mutualServerContext(KeyStore clientTrust) {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(clientTrust);
      return mutualServerContext(tmf.getTrustManagers());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the mutual TLS server context", e);
    }
  }

  /** Same, with the caller's trust managers for client certificates. */
  public SSLContext mutualServerContext(javax.net.ssl.TrustManager[] clientTrust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(serverKeys, clientTrust, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the mutual TLS server context", e);
    }
  }

  /** The cipher suites the server enables. */
  public String[] cipherSuites() {
    return cipherSuites.toArray(new String[0]);
  }

  /** The protocols the server enables. */
  public String[] protocols() {
    return PROTOCOLS.toArray(new String[0]);
  }

  @Override
  public String toString() {
    return "TlsMaterial{ca="
        + caCertificate.getSubjectX500Principal().getName()
        + ", protocols="
        + PROTOCOLS
        + ", suites="
        + Arrays.toString(cipherSuites())
        + '}';
  }
}
