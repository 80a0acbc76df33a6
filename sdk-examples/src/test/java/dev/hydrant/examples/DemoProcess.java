package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs {@code hydrant-demo.jar} (system property {@code hydrant.demo.jar}) as a child process. */
final class DemoProcess {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What the process did. */
  record Result(int exitCode, String stdout, String stderr) {
    /** Stdout parsed as exactly one JSON object. */
    JsonNode json() throws IOException {
      String text = stdout.strip();
      assertTrue(
          text.startsWith("{") && text.endsWith("}") && text.lines().count() == 1,
          "stdout must be one JSON object, was:\n" + stdout);
      return MAPPER.readTree(text);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private DemoProcess() {}

  static Path jar() {
    String path = System.getProperty("hydrant.demo.jar");
    if (path == null || !Files.isRegularFile(Path.of(path))) {
      fail("system property hydrant.demo.jar must name the built jar, is " + path);
    }
    return Path.of(path);
  }

  static Result run(Path workDir, Duration timeout, String... args)
      throws IOException, InterruptedException {
    return run(workDir, timeout, List.of("-jar", jar().toString()), args);
  }

  /**
   * Runs the demo with {@code hydrant-core} and its dependencies as modules on the module path (the
   * core as the named module {@code dev.hydrant.core}) and the demo itself on the class path, taken
   * from this test JVM's class path.
   */
  static Result runOnModulePath(Path workDir, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> modules = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String unix = entry.replace(File.separatorChar, '/');
      (CORE_AND_ITS_DEPENDENCIES.matcher(unix).find() ? modules : classes).add(entry);
    }
    assertTrue(
        modules.stream()
            .anyMatch(
                m ->
                    m.replace(File.separatorChar, '/')
                        .matches(".*(hydrant-core|sdk-core/target/classes).*")),
        "hydrant-core is not on this JVM's class path: " + modules);
    return run(
        workDir,
        timeout,
        List.of(
            "--show-module-resolution",
            "--module-path",
            String.join(File.pathSeparator, modules),
            "--add-modules",
            "dev.hydrant.core",
            "-cp",
            String.join(File.pathSeparator, classes),
            HydrantDemo.class.getName()),
        args);
  }

  private static final Pattern CORE_AND_ITS_DEPENDENCIES =
      Pattern.compile(
          "hydrant-core|sdk-core/target/classes|/software/amazon/awssdk/|/org/apache/httpcomponents/"
              + "|/commons-logging/|/commons-codec/|/io/github/resilience4j/|/org/slf4j/slf4j-api/"
              + "|/com/fasterxml/jackson/|/org/reactivestreams/");

  private static Result run(Path workDir, Duration timeout, List<String> javaArgs, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaArgs);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail(
          "hydrant-demo "
              + String.join(" ", args)
              + " did not finish within "
              + timeout
              + "\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
