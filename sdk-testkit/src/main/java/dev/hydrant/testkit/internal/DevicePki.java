package dev.hydrant.testkit.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away device CA, like the one a fleet registers with AWS IoT Core, issuing device
 * certificates whose subject CN is the thing name (the emulator's stand-in for "thing attached to
 * certificate"). ECDSA P-256, generated in memory. Thread-safe.
 */
public final class DevicePki {
  private static final Duration VALIDITY = Duration.ofDays(2);

  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final SecureRandom random = new SecureRandom();

  private DevicePki(KeyPair caKeys, X509Certificate caCertificate) {
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
  }

  /** A new CA named {@code name}. */
  public static DevicePki generate(String name) {
    try {
      KeyPair keys = keyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=" + name);
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              keys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      ca.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new DevicePki(keys, sign(ca, keys));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate a device CA", e);
    }
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /** A trust store holding only this CA. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("device-ca", caCertificate);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the device trust store", e);
    }
  }

  /**
   * Issues a client certificate for {@code thingName} and writes {@code <thingName>.key.pem}
   * (unencrypted PKCS#8) and {@code <thingName>.cert.pem} (leaf then CA) into {@code directory}.
   *
   * @return the key file; the certificate file is next to it
   */
  public Path issue(String thingName, Path directory) {
    try {
      KeyPair keys = keyPair();
      Instant now = Instant.now();
      X509v3CertificateBuilder leaf =
          new JcaX509v3CertificateBuilder(
              caCertificate,
              new BigInteger(64, random).abs().add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              new X500Name("CN=" + thingName),
              keys.getPublic());
      leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      leaf.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
      X509Certificate cert = sign(leaf, caKeys);
      Files.createDirectories(directory);
      Path key = directory.resolve(thingName + ".key.pem");
      Path chain = directory.resolve(thingName + ".cert.pem");
      Files.writeString(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
      Files.writeString(chain, pem(cert) + pem(caCertificate));
      return key;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a device certificate", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the device certificate", e);
    }
  }

  /** The certificate chain file {@link #issue} wrote next to {@code keyFile}. */
  public static Path chainFileOf(Path keyFile) {
    String name = keyFile.getFileName().toString();
    return keyFile.resolveSibling(name.replace(".key.pem", ".cert.pem"));
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }
}
