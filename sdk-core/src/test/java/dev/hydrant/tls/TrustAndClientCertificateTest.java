package dev.hydrant.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.TlsConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAndClientCertificateTest {
  @TempDir Path dir;

  @Test
  void badCaBundlesAreRefusedNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing.pem");
    assertTrue(
        assertThrows(TlsConfigurationException.class, () -> Trust.pemFile(missing))
            .getMessage()
            .startsWith("cannot read CA bundle " + missing));
    Path empty = Files.writeString(dir.resolve("empty.pem"), "hello");
    assertEquals(
        "CA bundle " + empty + ": no '-----BEGIN CERTIFICATE-----' block found",
        assertThrows(TlsConfigurationException.class, () -> Trust.pemFile(empty)).getMessage());
    Path garbage =
        Files.writeString(
            dir.resolve("garbage.pem"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertTrue(
        assertThrows(TlsConfigurationException.class, () -> Trust.pemFile(garbage))
            .getMessage()
            .startsWith("CA bundle " + garbage + ": not a valid X.509 certificate"));
    KeyStore none = KeyStore.getInstance("PKCS12");
    none.load(null, null);
    assertEquals(
        "trust key store holds no certificate",
        assertThrows(TlsConfigurationException.class, () -> Trust.keyStore(none)).getMessage());
    assertEquals("Trust.platform", Trust.platform().toString());
  }

  @Test
  void badClientCertificatesAreRefusedNamingTheFile() throws Exception {
    Path notP12 = Files.writeString(dir.resolve("device.p12"), "not a key store");
    String message =
        assertThrows(
                TlsConfigurationException.class,
                () -> ClientCertificate.pkcs12(notP12, "pw".toCharArray()))
            .getMessage();
    assertTrue(
        message.startsWith(
            "cannot read client certificate " + notP12 + " (wrong password or not PKCS12?)"),
        message);
    Path rsaKey =
        Files.writeString(
            dir.resolve("device.key"),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    Path chain = Files.writeString(dir.resolve("device.crt"), "");
    assertEquals(
        "private key "
            + rsaKey
            + ": 'RSA PRIVATE KEY' is not supported; convert it to unencrypted PKCS#8 ('openssl"
            + " pkcs8 -topk8 -nocrypt') or use a PKCS12 file",
        assertThrows(TlsConfigurationException.class, () -> ClientCertificate.pem(rsaKey, chain))
            .getMessage());
    Path noKey = Files.writeString(dir.resolve("nokey.pem"), "");
    assertEquals(
        "private key " + noKey + ": no '-----BEGIN PRIVATE KEY-----' block found",
        assertThrows(TlsConfigurationException.class, () -> ClientCertificate.pem(noKey, chain))
            .getMessage());
  }
}
