package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BuilderTest {

  @Test
  void defaultsMatchTheSeedConsoleDemoWithoutThrottling() {
    try (FirehoseEmulator emulator = FirehoseEmulator.builder().build().start()) {
      assertEquals("/fh", emulator.endpoint().getPath());
      assertEquals("/fh/batch", emulator.batchEndpoint().getPath());
      assertEquals("127.0.0.1", emulator.endpoint().getHost());
      assertEquals("https", emulator.endpoint().getScheme());
      assertEquals(Set.of("stb-telemetry"), emulator.streams());
      assertEquals(IntegrationMode.MASKED, emulator.mode());
      assertEquals(Faults.none(), emulator.faults());
      assertTrue(emulator.endpoint().getPort() > 0);
      assertTrue(emulator.firehoseEndpoint().getPort() != emulator.endpoint().getPort());
      assertFalse(emulator.toString().contains("null"));
    }
  }

  private static void assertInvalid(String expectedMessage, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expectedMessage), e.getMessage());
  }

  @Test
  void invalidSettingsFailFastNamingTheParameter() {
    FirehoseEmulatorBuilder b = FirehoseEmulator.builder();
    assertInvalid("port must be in 0..65535, got 70000", () -> b.port(70_000));
    assertInvalid("singleRoute must be a path", () -> b.singleRoute("fh"));
    assertInvalid("streams: a delivery stream name", () -> b.streams("bad\"name"));
    assertInvalid("apiKey must not be blank", () -> b.apiKey(" "));
    assertInvalid("integrationTimeout must be positive", () -> b.integrationTimeout(Duration.ZERO));
    assertInvalid(
        "serviceUnavailableStatus must be 500 or 503", () -> b.serviceUnavailableStatus(502));
    assertInvalid("singleRoute and batchRoute must differ", () -> b.batchRoute("/fh").build());
    assertInvalid(
        "invalid mapping template",
        () -> FirehoseEmulator.builder().singleTemplate("#foreach(").build());
    assertInvalid(
        "throttleRate must be in [0, 1], got 1.5", () -> Faults.builder().throttleRate(1.5));
    assertInvalid("burst must be >= 1", () -> new RateLimit(1, 0));
    assertInvalid(
        "max must be >= min", () -> Latency.uniform(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(NullPointerException.class, () -> b.faults(null));
  }

  @Test
  void accessorsBeforeStartAndRestartsAreRefused() {
    FirehoseEmulator emulator = FirehoseEmulator.builder().build();
    assertThrows(IllegalStateException.class, emulator::endpoint);
    emulator.start();
    assertThrows(IllegalStateException.class, emulator::start);
    emulator.close();
    emulator.close();
  }

  @Test
  void toStringMasksTheApiKey() {
    FirehoseEmulator emulator = FirehoseEmulator.builder().apiKey("super-secret").build();
    assertFalse(emulator.toString().contains("super-secret"));
    assertTrue(emulator.toString().contains("apiKey=****"));
  }
}
