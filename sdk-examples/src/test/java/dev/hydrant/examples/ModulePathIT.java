package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with {@code hydrant-core} on the module path: the client works as the named module
 * {@code dev.hydrant.core}, with only its exported packages visible and its dependencies resolved
 * from its {@code module-info}.
 */
@Timeout(120)
class ModulePathIT {
  @TempDir Path dir;

  @Test
  void theDemoDeliversEveryEventWithTheClientAsANamedModule() throws Exception {
    DemoProcess.Result r =
        DemoProcess.runOnModulePath(
            dir, Duration.ofSeconds(90), "--duration", "2s", "--devices", "5", "--json");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stdout().contains("root dev.hydrant.core"), "not resolved as a module:\n" + r);
    String json = r.stdout().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
    JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    long accepted = summary.get("events_accepted").asLong();
    assertTrue(accepted > 0, r::toString);
    assertEquals(accepted, summary.get("events_acknowledged").asLong());
    assertEquals(accepted, summary.get("events_verified").asLong());
  }
}
