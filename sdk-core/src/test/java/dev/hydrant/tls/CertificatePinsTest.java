package dev.hydrant.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.TlsConfigurationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificatePinsTest {
  private static final String PIN_A = "sha256/" + "A".repeat(43) + "=";
  private static final String PIN_B = "sha256/" + "B".repeat(43) + "=";
  private static final String PIN_C = "sha256/" + "C".repeat(43) + "=";

  @Test
  void hostPatternsFollowOkHttp() {
    assertTrue(CertificatePins.matches("api.example.com", "api.example.com"));
    assertFalse(CertificatePins.matches("api.example.com", "x.api.example.com"));
    assertTrue(CertificatePins.matches("*.example.com", "api.example.com"));
    assertFalse(CertificatePins.matches("*.example.com", "example.com"));
    assertFalse(CertificatePins.matches("*.example.com", "a.b.example.com"));
    assertTrue(CertificatePins.matches("**.example.com", "example.com"));
    assertTrue(CertificatePins.matches("**.example.com", "a.b.example.com"));
    assertFalse(CertificatePins.matches("**.example.com", "badexample.com"));
  }

  @Test
  void pinsForUnionsEveryMatchingPattern() {
    CertificatePins pins =
        CertificatePins.builder()
            .add("**.example.com", PIN_A, PIN_B)
            .add("API.example.com", PIN_C, PIN_A)
            .build();
    assertEquals(Set.of(PIN_A, PIN_B, PIN_C), pins.pinsFor("api.Example.com"));
    assertEquals(Set.of(PIN_A, PIN_B), pins.pinsFor("other.example.com"));
    assertTrue(pins.pinsFor("example.org").isEmpty());
    assertTrue(CertificatePins.builder().build().isEmpty());
  }

  @Test
  void badPinsAndPatternsAreRefusedNamingThem() {
    assertEquals(
        "invalid pin 'sha1/abc' for 'h': must start with sha256/",
        assertThrows(
                TlsConfigurationException.class,
                () -> CertificatePins.builder().add("h", "sha1/abc", PIN_A))
            .getMessage());
    assertEquals(
        "invalid pin 'sha256/AAAA' for 'h': a SHA-256 hash has 32 bytes, this has 3",
        assertThrows(
                TlsConfigurationException.class,
                () -> CertificatePins.builder().add("h", "sha256/AAAA", PIN_A))
            .getMessage());
    assertTrue(
        assertThrows(
                TlsConfigurationException.class,
                () -> CertificatePins.builder().add("h", "sha256/!!!", PIN_A))
            .getMessage()
            .startsWith("invalid pin 'sha256/!!!' for 'h': not base64"));
    assertEquals(
        "pattern 'h' has 1 distinct pin(s); at least 2 are required (the pin in use plus a backup"
            + " pin, so a key rotation does not lock devices out)",
        assertThrows(
                IllegalArgumentException.class,
                () -> CertificatePins.builder().add("h", PIN_A, PIN_A).build())
            .getMessage());
    assertEquals(
        "pattern must be a host name, *.host or **.host: 'a.*.com'",
        assertThrows(
                IllegalArgumentException.class,
                () -> CertificatePins.builder().add("a.*.com", PIN_A, PIN_B))
            .getMessage());
  }
}
