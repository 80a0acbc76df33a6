package dev.hydrant.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what the tests' SLF4J binding (slf4j-simple, which writes each line to the current
 * {@code System.err}) actually prints, so that a test can assert that a log line was printed, at
 * which level, and how often. Lines still reach the real standard error too.
 *
 * <pre>{@code
 * @RegisterExtension final LogCapture logs = new LogCapture();
 * ...
 * assertEquals(1, logs.lines(LogCapture.at("WARN", "delivery failing")).size());
 * }</pre>
 *
 * <p>slf4j-simple prints {@code [thread] LEVEL logger - message}; {@link #at} matches on the level
 * word and a substring of the rest.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stop();
  }

  /** Starts capturing (also usable without the extension, paired with {@link #stop()}). */
  public synchronized void start() {
    if (original != null) {
      return;
    }
    original = System.err;
    PrintStream real = original;
    System.setErr(
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                real.write(b);
                synchronized (captured) {
                  captured.write(b);
                }
              }

              @Override
              public void write(byte[] b, int off, int len) {
                real.write(b, off, len);
                synchronized (captured) {
                  captured.write(b, off, len);
                }
              }
            },
            true,
            StandardCharsets.UTF_8));
  }

  /** Stops capturing and restores the real standard error; what was captured stays readable. */
  public synchronized void stop() {
    if (original != null) {
      System.err.flush();
      System.setErr(original);
      original = null;
    }
  }

  /** Every line printed to standard error since {@link #start()}. */
  public List<String> lines() {
    String text;
    synchronized (captured) {
      text = captured.toString(StandardCharsets.UTF_8);
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The captured lines that match. */
  public List<String> lines(Predicate<String> filter) {
    return lines().stream().filter(filter).toList();
  }

  /** Forgets what was captured so far (capturing goes on). */
  public void clear() {
    synchronized (captured) {
      captured.reset();
    }
  }

  /** Matches a slf4j-simple line at {@code level} (e.g. {@code "WARN"}) containing {@code text}. */
  public static Predicate<String> at(String level, String text) {
    return line -> line.contains(" " + level + " ") && line.contains(text);
  }
}
