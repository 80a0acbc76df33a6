package dev.hydrant.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TlsPolicyTest {
  @Test
  void presetsAreForwardSecretAeadOnTls13And12() {
    assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPolicy.MODERN.protocols());
    assertEquals(
        List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
        TlsPolicy.MODERN.cipherSuites());
    assertEquals(List.of("TLSv1.3"), TlsPolicy.TLS13_ONLY.protocols());
    assertEquals(
        List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"),
        TlsPolicy.TLS13_ONLY.cipherSuites());
  }

  @Test
  void chacha20FirstOffersModernsSuitesWithChacha20First() {
    assertEquals(TlsPolicy.MODERN.protocols(), TlsPolicy.CHACHA20_FIRST.protocols());
    assertEquals(
        List.of(
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
        TlsPolicy.CHACHA20_FIRST.cipherSuites());
  }

  @Test
  void narrowerCustomPolicy() {
    TlsPolicy p =
        TlsPolicy.builder()
            .protocols(TlsPolicy.TLS_1_2)
            .cipherSuites("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
            .build();
    assertEquals(List.of("TLSv1.2"), p.protocols());
    assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), p.cipherSuites());
    assertEquals(
        "TlsPolicy{protocols=[TLSv1.2], cipherSuites=[TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]}",
        p.toString());
  }

  @Test
  void refusesLegacyProtocolsAndWeakSuitesWithClearMessages() {
    assertMessage(
        "protocol TLSv1.1 is not allowed: Hydrant only speaks TLSv1.3 and TLSv1.2 (TLS 1.0/1.1 and"
            + " SSL are broken or deprecated)",
        () -> TlsPolicy.builder().protocols("TLSv1.3", "TLSv1.1"));
    assertMessage(
        "protocol SSLv3 is not allowed: Hydrant only speaks TLSv1.3 and TLSv1.2 (TLS 1.0/1.1 and"
            + " SSL are broken or deprecated)",
        () -> TlsPolicy.builder().protocols("SSLv3"));
    for (String weak :
        List.of(
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")) {
      assertMessage(
          "cipher suite "
              + weak
              + " is not allowed: only forward-secret AEAD suites (the TLS 1.3 suites, or"
              + " TLS_ECDHE_ECDSA/RSA with AES_GCM or CHACHA20_POLY1305) are accepted",
          () -> TlsPolicy.builder().cipherSuites(weak));
    }
    assertMessage("protocols must not be empty", () -> TlsPolicy.builder().protocols());
    assertMessage("cipherSuites must not be empty", () -> TlsPolicy.builder().cipherSuites());
    assertMessage("protocols must be set", () -> TlsPolicy.builder().build());
    assertEquals(
        "no usable cipher suite for TLSv1.3: requested [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],"
            + " this JVM supports none of the TLS 1.3 ones",
        assertThrows(
                dev.hydrant.TlsConfigurationException.class,
                () ->
                    TlsPolicy.builder()
                        .protocols(TlsPolicy.TLS_1_3)
                        .cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                        .build())
            .getMessage());
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
