package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionTest {

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().streams("fleet-a"));

  private static int port;

  @Test
  @Order(1)
  void providesARunningEmulatorAsFieldAndParameter(FirehoseEmulator emulator) throws Exception {
    assertSame(EMULATOR.emulator(), emulator);
    emulator.faults(Faults.builder().maskedErrorRate(1).build());
    emulator.mode(IntegrationMode.STRICT);
    emulator.apiKey("k");
    port = EMULATOR.endpoint().getPort();

    HttpResponse<String> r =
        Http.post(
            Http.client(emulator),
            EMULATOR.endpoint(),
            Http.single("fleet-a", "x"),
            "x-api-key",
            "k");

    assertEquals(500, r.statusCode());
    assertTrue(EMULATOR.caCertificatePem().startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  @Order(2)
  void resetsDataAndSettingsBetweenTestsOfTheClass() throws Exception {
    HttpResponse<String> r =
        Http.post(
            Http.client(EMULATOR.emulator()), EMULATOR.endpoint(), Http.single("fleet-a", "y\n"));

    assertEquals(port, EMULATOR.endpoint().getPort());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(IntegrationMode.MASKED, EMULATOR.emulator().mode());
    assertEquals(java.util.List.of("y"), EMULATOR.deliveredLines());
    assertEquals(1, EMULATOR.stats().gatewayRequests());
  }
}
