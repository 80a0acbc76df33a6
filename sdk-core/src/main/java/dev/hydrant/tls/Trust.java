package dev.hydrant.tls;

import dev.hydrant.TlsConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The certificate authorities Hydrant trusts for the proxy's certificate: the platform store (the
 * default), or a CA bundle given as PEM or as a {@link KeyStore}. Files are read when the value is
 * created, so a bad file fails at configuration time. Immutable and thread-safe.
 */
public final class Trust {
  private static final Trust PLATFORM = new Trust(null, "platform");

  private final KeyStore anchors;
  private final String description;

  private Trust(KeyStore anchors, String description) {
    this.anchors = anchors;
    this.description = description;
  }

  /**
   * {@return the JVM's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore})}
   */
  public static Trust platform() {
    return PLATFORM;
  }

  /**
   * Only the CA certificates in a PEM file (one or more {@code CERTIFICATE} blocks).
   *
   * @param file the PEM file
   * @return trust in those certificates only
   * @throws TlsConfigurationException naming the file if it cannot be read or holds no valid
   *     certificate
   */
  public static Trust pemFile(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new TlsConfigurationException("cannot read CA bundle " + file + ": " + e, e);
    }
    return fromCertificates(Pem.certificates(text, "CA bundle " + file), "pemFile(" + file + ")");
  }

  /**
   * Only the CA certificates in PEM text.
   *
   * @param pemText PEM text with one or more certificates
   * @return trust in those certificates only
   * @throws TlsConfigurationException if the text holds no valid certificate
   */
  public static Trust pem(String pemText) {
    Objects.requireNonNull(pemText, "pemText");
    List<X509Certificate> certs = Pem.certificates(pemText, "CA bundle text");
    return fromCertificates(certs, "pem(" + certs.size() + " certificates)");
  }

  /**
   * Only the trusted certificate entries of a key store. The store is read now; later changes to it
   * are not seen.
   *
   * @param store the key store to read
   * @return trust in those certificates only
   * @throws TlsConfigurationException if the store cannot be read or holds no certificate
   */
  public static Trust keyStore(KeyStore store) {
    Objects.requireNonNull(store, "store");
    try {
      KeyStore copy = emptyStore();
      for (String alias : Collections.list(store.aliases())) {
        Certificate cert = store.getCertificate(alias);
        if (cert != null) {
          copy.setCertificateEntry(alias, cert);
        }
      }
      if (copy.size() == 0) {
        throw new TlsConfigurationException("trust key store holds no certificate");
      }
      return new Trust(copy, "keyStore(" + copy.size() + " certificates)");
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot read trust key store: " + e.getMessage(), e);
    }
  }

  /**
   * The JSSE trust manager for these anchors, which Hydrant wraps with its pin check.
   *
   * @return the trust manager
   * @throws TlsConfigurationException if the JVM cannot build one
   */
  public X509ExtendedTrustManager trustManager() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new TlsConfigurationException("the JVM offers no X509 trust manager for " + this);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot build a trust manager for " + this, e);
    }
  }

  private static Trust fromCertificates(List<X509Certificate> certs, String description) {
    try {
      KeyStore store = emptyStore();
      for (int i = 0; i < certs.size(); i++) {
        store.setCertificateEntry("ca-" + i, certs.get(i));
      }
      return new Trust(store, description);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot store CA certificates: " + e.getMessage(), e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an empty key store", e);
    }
    return store;
  }

  @Override
  public String toString() {
    return "Trust." + description;
  }
}
