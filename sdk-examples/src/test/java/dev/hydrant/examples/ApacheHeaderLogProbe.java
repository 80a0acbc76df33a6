package dev.hydrant.examples;

import dev.hydrant.HydrantClient;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.tls.Trust;
import java.time.Duration;

/**
 * Sends one event through Hydrant (and so through the Apache HTTP client) to an emulator that
 * requires the API key given as the first argument, then exits. Run in a JVM of its own by {@link
 * ApacheLoggingTest}, with the SLF4J levels under test set as system properties.
 */
public final class ApacheHeaderLogProbe {
  private ApacheHeaderLogProbe() {}

  public static void main(String[] args) {
    String apiKey = args[0];
    try (FirehoseEmulator emulator = FirehoseEmulator.builder().apiKey(apiKey).build().start();
        HydrantClient client =
            HydrantClient.builder()
                .endpoint(emulator.endpoint())
                .deliveryStream("stb-telemetry")
                .apiKey(apiKey)
                .trust(Trust.pem(emulator.caCertificatePem()))
                .build()) {
      client.send(UptimeEvent.builder(DeviceContext.builder("stb-1").build()).uptimeMs(1).build());
      if (!client.flush(Duration.ofSeconds(30)) || emulator.deliveredLines().size() != 1) {
        throw new IllegalStateException("the event was not delivered");
      }
    }
  }
}
