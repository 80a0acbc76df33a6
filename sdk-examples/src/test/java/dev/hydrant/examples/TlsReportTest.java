package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.examples.TlsReport.ProtocolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsReportTest {
  private static final String REFUSED = "Received fatal alert: protocol_version";

  private static TlsReport report(ProtocolResult... results) {
    return new TlsReport("proxy.example", 443, List.of(results), null, false, "untrusted", "x");
  }

  @Test
  void passesWhenLegacyIsRefusedAndModernAccepted() {
    TlsReport r =
        report(
            ProtocolResult.refused("TLSv1", REFUSED),
            ProtocolResult.refused("TLSv1.1", REFUSED),
            ProtocolResult.accepted("TLSv1.2", "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
            ProtocolResult.refused("TLSv1.3", REFUSED));
    assertTrue(r.passes());
    assertNull(r.problem());
    assertEquals(List.of("TLSv1.2"), r.acceptedProtocols());
  }

  @Test
  void aTls11OnlyEndpointIsNamed() {
    TlsReport r =
        report(
            ProtocolResult.refused("TLSv1", REFUSED),
            ProtocolResult.accepted("TLSv1.1", "TLSv1.1", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
            ProtocolResult.refused("TLSv1.2", REFUSED),
            ProtocolResult.refused("TLSv1.3", REFUSED));
    assertFalse(r.passes());
    assertEquals("endpoint offers only TLSv1.1; Hydrant requires TLS 1.2 or newer", r.problem());
  }

  @Test
  void theSeedsTls10PolicyFailsTheAuditEvenThoughTls12Works() {
    TlsReport r =
        report(
            ProtocolResult.accepted("TLSv1", "TLSv1", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            ProtocolResult.accepted("TLSv1.1", "TLSv1.1", "TLS_RSA_WITH_AES_128_CBC_SHA"),
            ProtocolResult.accepted("TLSv1.2", "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
            ProtocolResult.refused("TLSv1.3", REFUSED));
    assertFalse(r.passes());
    assertEquals(
        "endpoint still accepts TLSv1 and TLSv1.1; the TLS audit requires TLS 1.0 and 1.1 to be"
            + " refused",
        r.problem());
  }

  @Test
  void anUntestedLegacyVersionIsNotCountedAsRefused() {
    TlsReport r =
        report(
            ProtocolResult.untested("TLSv1", "disabled"),
            ProtocolResult.untested("TLSv1.1", "disabled"),
            ProtocolResult.accepted("TLSv1.2", "TLSv1.2", "TLS_AES"),
            ProtocolResult.accepted("TLSv1.3", "TLSv1.3", "TLS_AES"));
    assertFalse(r.passes());
    assertTrue(r.problem().contains("unproven"), r.problem());
  }

  @Test
  void aServerThatAnswersWithAnotherVersionDidNotAcceptTheOffered() {
    assertFalse(ProtocolResult.accepted("TLSv1.3", "TLSv1.2", "x").accepted());
  }

  @Test
  void jsonListsEveryProtocol() {
    Map<String, Object> json =
        report(
                ProtocolResult.refused("TLSv1", REFUSED),
                ProtocolResult.refused("TLSv1.1", REFUSED),
                ProtocolResult.accepted("TLSv1.2", "TLSv1.2", "A"),
                ProtocolResult.accepted("TLSv1.3", "TLSv1.3", "B"))
            .toJson();
    assertEquals(true, json.get("pass"));
    assertEquals(List.of("TLSv1.2", "TLSv1.3"), json.get("accepted"));
    assertTrue(Json.write(json).contains("\"TLSv1.1\":{\"tested\":true,\"accepted\":false"));
  }
}
