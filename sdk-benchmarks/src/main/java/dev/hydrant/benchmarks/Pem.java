package dev.hydrant.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Trust built from the emulator's CA certificate PEM, for the clients that are not Hydrant. */
final class Pem {
  private Pem() {}

  /**
   * A key store trusting every certificate in {@code pem}.
   *
   * @throws GeneralSecurityException if the PEM holds no certificate
   */
  static KeyStore trustStore(String pem) throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an empty key store", e);
    }
    int n = 0;
    for (Certificate certificate :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      store.setCertificateEntry("ca-" + n++, certificate);
    }
    if (n == 0) {
      throw new GeneralSecurityException("no certificate in the CA PEM");
    }
    return store;
  }

  /** Trust managers trusting every certificate in {@code pem}. */
  static TrustManager[] trustManagers(String pem) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trustStore(pem));
    return factory.getTrustManagers();
  }
}
