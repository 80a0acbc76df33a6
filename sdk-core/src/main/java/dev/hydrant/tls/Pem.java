package dev.hydrant.tls;

import dev.hydrant.TlsConfigurationException;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Minimal PEM reading: X.509 certificates and unencrypted PKCS#8 private keys. */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  private Pem() {}

  /** Every {@code CERTIFICATE} block of {@code text}; at least one. */
  static List<X509Certificate> certificates(String text, String source) {
    List<X509Certificate> certs = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          byte[] der = decode(m.group(2), source);
          certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
      }
    } catch (CertificateException e) {
      throw new TlsConfigurationException(
          source + ": not a valid X.509 certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new TlsConfigurationException(
          source + ": no '-----BEGIN CERTIFICATE-----' block found");
    }
    return certs;
  }

  /** The single unencrypted PKCS#8 ({@code PRIVATE KEY}) block of {@code text}. */
  static PrivateKey privateKey(String text, String source) {
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("PRIVATE KEY")) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(decode(m.group(2), source));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
          try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
          } catch (GeneralSecurityException e) {
            // not this algorithm; the key names its own in the DER, try the next factory
          }
        }
        throw new TlsConfigurationException(
            source + ": unsupported private key algorithm (expected RSA, EC or EdDSA)");
      }
      if (type.equals("ENCRYPTED PRIVATE KEY")
          || type.equals("RSA PRIVATE KEY")
          || type.equals("EC PRIVATE KEY")) {
        throw new TlsConfigurationException(
            source
                + ": '"
                + type
                + "' is not supported; convert it to unencrypted PKCS#8 ('openssl pkcs8 -topk8"
                + " -nocrypt') or use a PKCS12 file");
      }
    }
    throw new TlsConfigurationException(source + ": no '-----BEGIN PRIVATE KEY-----' block found");
  }

  private static byte[] decode(String body, String source) {
    try {
      return Base64.getMimeDecoder().decode(body.strip());
    } catch (IllegalArgumentException e) {
      throw new TlsConfigurationException(
          source + ": PEM block is not valid base64: " + e.getMessage(), e);
    }
  }
}
