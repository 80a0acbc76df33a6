import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.testkit.FirehoseEmulator;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs README.md's quick-start snippet, compiled unchanged into this project, against the testkit
 * emulator. The snippet reads its settings as firmware would: HYDRANT_ENDPOINT, HYDRANT_API_KEY and
 * HYDRANT_SPOOL_DIRECTORY from the environment, and the platform trust store, here the emulator's CA named
 * by the javax.net.ssl.trustStore properties. So it runs in a JVM of its own.
 */
class QuickStartTest {
  private static final String API_KEY = "consumer-test-key";
  private static final char[] TRUST_STORE_PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void quickStartDeliversItsEventsToTheEmulator() throws Exception {
    String mainClass = System.getProperty("quickstart.class");
    try (FirehoseEmulator emulator = FirehoseEmulator.builder().apiKey(API_KEY).build().start()) {
      Path trustStore = dir.resolve("emulator-ca.p12");
      try (OutputStream out = Files.newOutputStream(trustStore)) {
        emulator.trustStore().store(out, TRUST_STORE_PASSWORD);
      }
      ProcessBuilder builder =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Djavax.net.ssl.trustStore=" + trustStore,
              "-Djavax.net.ssl.trustStorePassword=" + new String(TRUST_STORE_PASSWORD),
              "-Djavax.net.ssl.trustStoreType=PKCS12",
              "-cp",
              System.getProperty("java.class.path"),
              mainClass);
      builder.environment().put("HYDRANT_ENDPOINT", emulator.endpoint().toString());
      builder.environment().put("HYDRANT_API_KEY", API_KEY);
      builder.environment().put("HYDRANT_SPOOL_DIRECTORY", dir.resolve("spool").toString());
      builder.redirectErrorStream(true).redirectOutput(dir.resolve("quickstart.log").toFile());
      Process process = builder.start();
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly().waitFor();
      }
      String output = Files.readString(dir.resolve("quickstart.log"), StandardCharsets.UTF_8);
      assertTrue(exited, mainClass + " did not exit within 60 s; output:\n" + output);
      assertEquals(0, process.exitValue(), mainClass + " failed; output:\n" + output);

      List<String> lines = emulator.deliveredLines();
      assertFalse(lines.isEmpty(), mainClass + " delivered nothing; output:\n" + output);
      for (String line : lines) {
        assertTrue(line.contains("\"event_id\":"), "not an event: " + line);
      }
      System.out.println(
          "consumer: " + mainClass + " delivered " + lines.size() + " events to the emulator");
    }
  }
}
