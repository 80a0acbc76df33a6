package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo routes the Apache HTTP client's commons-logging into SLF4J (jcl-over-slf4j, with
 * commons-logging itself excluded), so its loggers obey the SLF4J configuration; and what {@code
 * org.apache.http.headers} prints at DEBUG, the reason docs/logging.md warns about it.
 */
class ApacheLoggingTest {
  private static final String API_KEY = "probe-key-4f1c9a";

  @TempDir Path dir;

  @Test
  void commonsLoggingIsServedBySlf4j() {
    assertEquals(
        "org.apache.commons.logging.impl.SLF4JLogFactory",
        LogFactory.getFactory().getClass().getName());
  }

  @Test
  @Timeout(120)
  void apacheHeaderLogReachesSlf4jAndPrintsTheApiKeyAtDebug() throws Exception {
    String log = runProbe("-Dorg.slf4j.simpleLogger.log.org.apache.http.headers=debug");

    assertTrue(log.contains("DEBUG org.apache.http.headers - http-outgoing-"), log);
    assertTrue(log.contains(">> x-api-key: " + API_KEY), log);
  }

  @Test
  @Timeout(120)
  void atTheDefaultLevelNoApacheLineAndNoKeyIsPrinted() throws Exception {
    String log = runProbe();

    assertFalse(log.contains("org.apache.http"), log);
    assertFalse(log.contains(API_KEY), log);
  }

  private String runProbe(String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ApacheHeaderLogProbe.class.getName());
    command.add(API_KEY);
    File output = dir.resolve("probe.log").toFile();
    Process probe =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    assertTrue(probe.waitFor(100, TimeUnit.SECONDS), "the probe did not finish");
    String log = Files.readString(output.toPath());
    assertEquals(0, probe.exitValue(), log);
    return log;
  }
}
