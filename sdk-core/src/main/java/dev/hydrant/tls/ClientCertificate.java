package dev.hydrant.tls;

import dev.hydrant.TlsConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The device's client certificate for mutual TLS: a PKCS12 file, or a PEM private key with its PEM
 * certificate chain. Files are read when the value is created, so a bad file or password fails at
 * configuration time; the password is not kept. Immutable and thread-safe.
 */
public final class ClientCertificate {
  private final KeyStore store;
  private final char[] keyPassword;
  private final String description;

  private ClientCertificate(KeyStore store, char[] keyPassword, String description) {
    this.store = store;
    this.keyPassword = keyPassword;
    this.description = description;
  }

  /**
   * The first key entry of a PKCS12 file; key and store share {@code password}.
   *
   * @param file the PKCS12 file
   * @param password the password of the file and of its key
   * @return the client certificate
   * @throws TlsConfigurationException naming the file if it cannot be read, the password is wrong,
   *     or it holds no private key
   */
  public static ClientCertificate pkcs12(Path file, char[] password) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore source = KeyStore.getInstance("PKCS12");
      source.load(in, password);
      for (String alias : Collections.list(source.aliases())) {
        if (source.isKeyEntry(alias)) {
          PrivateKey key = (PrivateKey) source.getKey(alias, password);
          Certificate[] chain = source.getCertificateChain(alias);
          return of(key, Arrays.asList(chain), "pkcs12(" + file + ")");
        }
      }
      throw new TlsConfigurationException("client certificate " + file + " holds no private key");
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsConfigurationException(
          "cannot read client certificate "
              + file
              + " (wrong password or not PKCS12?): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * An unencrypted PKCS#8 PEM private key and its PEM certificate chain (leaf first).
   *
   * @param certificateChain the PEM certificate chain file, leaf first
   * @param privateKey the PKCS#8 PEM private key file
   * @return the client certificate
   * @throws TlsConfigurationException naming the file that cannot be read or parsed
   */
  public static ClientCertificate pem(Path privateKey, Path certificateChain) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificateChain, "certificateChain");
    PrivateKey key = Pem.privateKey(read(privateKey), "private key " + privateKey);
    List<X509Certificate> chain =
        Pem.certificates(read(certificateChain), "certificate chain " + certificateChain);
    return of(key, List.copyOf(chain), "pem(" + privateKey + ", " + certificateChain + ")");
  }

  /**
   * Key managers presenting this certificate.
   *
   * @return key managers for the TLS context
   * @throws TlsConfigurationException if the JVM cannot build them
   */
  public KeyManager[] keyManagers() {
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, keyPassword);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot use client certificate " + description, e);
    }
  }

  private static ClientCertificate of(
      PrivateKey key, List<? extends Certificate> chain, String description) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      // the store only lives in memory; its password protects nothing but is required by the API
      char[] password = "hydrant".toCharArray();
      store.setKeyEntry("client", key, password, chain.toArray(Certificate[]::new));
      return new ClientCertificate(store, password, description);
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsConfigurationException(
          description + ": key and certificate do not form a usable entry: " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new TlsConfigurationException("cannot read " + file + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "ClientCertificate." + description;
  }
}
