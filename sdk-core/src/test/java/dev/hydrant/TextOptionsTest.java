package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Options from a properties file and from environment variables, as firmware configures. */
class TextOptionsTest {

  private static Properties properties(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }

  @Test
  void aPropertiesFileSetsEveryKindOfOption() throws IOException {
    HydrantConfig c =
        HydrantClient.builder()
            .properties(
                properties(
                    """
                    hydrant.endpoint=https://telemetry.example.com/fh
                    hydrant.deliveryStream=stb-telemetry
                    hydrant.route=batch
                    hydrant.apiKey=k3y-0123456789
                    hydrant.linger=500ms
                    hydrant.eventTtl=7d
                    hydrant.requestTimeout=PT12.5S
                    hydrant.maxInFlight=4
                    hydrant.bufferMaxBytes=2_097_152
                    hydrant.aggregation=FALSE
                    hydrant.spoolDirectory=/data/hydrant
                    hydrant.spoolDurability=every_send
                    hydrant.compression=gzip:9
                    unrelated.key=ignored
                    """))
            .config();
    assertEquals(URI.create("https://telemetry.example.com/fh"), c.endpoint());
    assertEquals("stb-telemetry", c.deliveryStream());
    assertEquals(Route.BATCH, c.route());
    assertEquals(Optional.of("k3y-0123456789"), c.apiKey());
    assertEquals(Duration.ofMillis(500), c.linger());
    assertEquals(Duration.ofDays(7), c.eventTtl());
    assertEquals(Duration.ofMillis(12_500), c.requestTimeout());
    assertEquals(4, c.maxInFlight());
    assertEquals(2_097_152, c.bufferMaxBytes());
    assertEquals(false, c.aggregation());
    assertEquals(Optional.of(Path.of("/data/hydrant")), c.spoolDirectory());
    assertEquals(SpoolDurability.EVERY_SEND, c.spoolDurability());
    assertEquals(Compression.gzip(9), c.compression());
  }

  @Test
  void environmentVariablesUseUpperSnakeCase() {
    HydrantConfig c =
        HydrantClient.builder()
            .environment(
                Map.of(
                    "HYDRANT_ENDPOINT", "https://telemetry.example.com/fh",
                    "HYDRANT_DELIVERY_STREAM", "stb-telemetry",
                    "HYDRANT_MAX_IN_FLIGHT", "3",
                    "HYDRANT_CLOSE_TIMEOUT", "2m",
                    "PATH", "/usr/bin"))
            .config();
    assertEquals("stb-telemetry", c.deliveryStream());
    assertEquals(3, c.maxInFlight());
    assertEquals(Duration.ofMinutes(2), c.closeTimeout());
    assertEquals(Optional.empty(), c.apiKey());
  }

  @Test
  void everyRefusalNamesTheSourceTheOptionAndTheValue() throws IOException {
    assertRefused(
        "property hydrant.lingr names no option; the options are [aggregation,",
        () -> HydrantClient.builder().properties(properties("hydrant.lingr=1s")));
    assertRefused(
        "property hydrant.linger: linger must be a duration such as 500ms, 10s, 5m, 24h, 7d or"
            + " PT0.5S: \"soon\"",
        () -> HydrantClient.builder().properties(properties("hydrant.linger=soon")));
    assertRefused(
        "property hydrant.linger: linger must be between 0 and 1 h: PT2H",
        () -> HydrantClient.builder().properties(properties("hydrant.linger=2h")));
    assertRefused(
        "property hydrant.maxInFlight: maxInFlight must be a whole number up to 2147483647:"
            + " \"99999999999\"",
        () -> HydrantClient.builder().properties(properties("hydrant.maxInFlight=99999999999")));
    assertRefused(
        "property hydrant.maxInFlight: maxInFlight must be between 1 and 16: 0",
        () -> HydrantClient.builder().properties(properties("hydrant.maxInFlight=0")));
    assertRefused(
        "property hydrant.route: route must be one of SINGLE, BATCH: \"both\"",
        () -> HydrantClient.builder().properties(properties("hydrant.route=both")));
    assertRefused(
        "property hydrant.gzip: gzip must be true or false: \"yes\"",
        () -> HydrantClient.builder().properties(properties("hydrant.gzip=yes")));
    assertRefused(
        "environment variable HYDRANT_ENDPOINT: endpoint must be an https URI (plain http is"
            + " refused): http://x.example/fh",
        () ->
            HydrantClient.builder().environment(Map.of("HYDRANT_ENDPOINT", "http://x.example/fh")));
    assertRefused(
        "environment variable HYDRANT_LINGR names no option; the variables are [HYDRANT_AGGREGATION,",
        () -> HydrantClient.builder().environment(Map.of("HYDRANT_LINGR", "1s")));
  }

  @Test
  void durationsAndNamesConvert() {
    assertEquals(Duration.ofMillis(1), TextOptions.parseDuration("x", "1ms"));
    assertEquals(Duration.ofSeconds(10), TextOptions.parseDuration("x", "10 S"));
    assertEquals(Duration.ofHours(24), TextOptions.parseDuration("x", "24h"));
    assertEquals(Duration.ofMillis(500), TextOptions.parseDuration("x", "PT0.5S"));
    assertEquals("MAX_IN_FLIGHT", TextOptions.upperSnake("maxInFlight"));
    assertEquals("API_KEY", TextOptions.upperSnake("apiKey"));
    assertTrue(TextOptions.names().contains("trustPemFile"));
  }

  private static void assertRefused(
      String messageStart, org.junit.jupiter.api.function.Executable call) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(message.startsWith(messageStart), message);
  }
}
