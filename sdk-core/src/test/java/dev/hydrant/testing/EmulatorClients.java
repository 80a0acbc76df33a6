package dev.hydrant.testing;

import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantClientBuilder;
import dev.hydrant.Route;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.tls.Trust;
import java.time.Duration;

/** Client builders aimed at the testkit emulator, with the short timings tests want. */
public final class EmulatorClients {
  private EmulatorClients() {}

  /**
   * A builder for the emulator's {@code stb-telemetry} stream over its TLS endpoint: batch route,
   * 20 ms linger, 10–50 ms backoff. Tests add what they are about (spool, listener, limits).
   */
  public static HydrantClientBuilder builder(FirehoseEmulatorExtension emulator) {
    return HydrantClient.builder()
        .endpoint(emulator.endpoint())
        .deliveryStream("stb-telemetry")
        .route(Route.BATCH)
        .trust(Trust.pem(emulator.caCertificatePem()))
        .linger(Duration.ofMillis(20))
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(50));
  }
}
