package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default path loads no data-binding class: a fresh JVM (with jackson-databind on its class
 * path) builds a client with the required options only and delivers an event on each route to the
 * emulator, running in this JVM; the JVM's own class-loading log must name the classes that read
 * the answers and no {@code com.fasterxml.jackson.databind} class.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DefaultPathClassesTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder());

  @Test
  void buildingAndDeliveringLoadsNoDatabindClass(@TempDir Path dir) throws Exception {
    // control: databind is on the class path, so only the code's own choice keeps it unloaded
    Class.forName(
        "com.fasterxml.jackson.databind.ObjectMapper",
        false,
        DefaultPathClassesTest.class.getClassLoader());
    Path ca = Files.writeString(dir.resolve("ca.pem"), EMULATOR.emulator().caCertificatePem());
    Path log = dir.resolve("classes.txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-Xlog:class+load=info:file=" + log);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(DefaultPathChild.class.getName());
    command.add(EMULATOR.endpoint().toString());
    command.add(ca.toString());
    Path output = dir.resolve("output.txt");
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!child.waitFor(150, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor();
    }
    String printed = Files.readString(output);
    assertEquals(0, child.exitValue(), printed);
    assertTrue(printed.contains("DELIVERED SINGLE"), printed);
    assertTrue(printed.contains("DELIVERED BATCH"), printed);

    List<String> loaded = loadedClasses(log);
    // controls: the log lists the classes that read both routes' answers, and jackson-core's parser
    assertTrue(loaded.contains("dev.hydrant.internal.transport.ProxyAnswer"), log.toString());
    assertTrue(loaded.contains("dev.hydrant.internal.transport.ProxyAnswer$ResponseEntry"));
    assertTrue(loaded.contains("com.fasterxml.jackson.core.JsonParser"));
    List<String> databind =
        loaded.stream()
            .filter(c -> c.startsWith("com.fasterxml.jackson.databind."))
            .collect(Collectors.toList());
    assertEquals(List.of(), databind);
  }

  /**
   * Class names from {@code -Xlog:class+load} lines: {@code [..][info][class,load] name source}.
   */
  private static List<String> loadedClasses(Path log) throws IOException {
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int tag = line.indexOf("[class,load] ");
      if (tag >= 0) {
        String rest = line.substring(tag + "[class,load] ".length());
        int space = rest.indexOf(' ');
        names.add(space < 0 ? rest : rest.substring(0, space));
      }
    }
    return names;
  }
}
