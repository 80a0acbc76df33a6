package dev.hydrant.docs;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs a compiled snippet: a program in a JVM of its own, a test class on the JUnit platform. */
final class SnippetRunner {
  private static final long TIMEOUT_SECONDS = 120;

  private SnippetRunner() {}

  /**
   * Runs {@code className}'s {@code main} in a new JVM on this JVM's classpath plus {@code
   * classes}, with {@code environment} added to the inherited environment (minus any inherited
   * {@code HYDRANT_*} variable) and {@code systemProperties} as {@code -D} options.
   *
   * @return everything the program printed, standard output and error interleaved
   * @throws AssertionError naming {@code origin} and quoting the program's output if it exits
   *     non-zero or runs longer than two minutes
   */
  static String runProgram(
      String origin,
      String className,
      Path classes,
      Map<String, String> environment,
      Map<String, String> systemProperties)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(classes + File.pathSeparator + System.getProperty("java.class.path"));
    command.add(className);
    Path output = Files.createTempFile(classes.getParent(), "output", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HYDRANT_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          origin + ": still running after " + TIMEOUT_SECONDS + " s:\n" + Files.readString(output));
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          origin
              + ": the example exited with "
              + process.exitValue()
              + ":\n"
              + Files.readString(output));
    }
    return Files.readString(output);
  }

  /**
   * Runs the JUnit 5 test class {@code className} from {@code classes}.
   *
   * @throws AssertionError naming {@code origin} if it holds no test or a test fails
   */
  static void runTests(String origin, String className, Path classes) throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, SnippetRunner.class.getClassLoader())) {
      Class<?> testClass = loader.loadClass(className);
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
          listener);
      TestExecutionSummary summary = listener.getSummary();
      if (summary.getTestsSucceededCount() == 0 || summary.getTotalFailureCount() > 0) {
        StringBuilder message =
            new StringBuilder(origin)
                .append(": ")
                .append(summary.getTestsSucceededCount())
                .append(" test(s) passed, ")
                .append(summary.getTotalFailureCount())
                .append(" failed");
        summary.getFailures().forEach(f -> message.append("\n  ").append(f.getException()));
        throw new AssertionError(message.toString());
      }
    }
  }
}
