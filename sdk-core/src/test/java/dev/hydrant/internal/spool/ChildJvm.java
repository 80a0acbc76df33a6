package dev.hydrant.internal.spool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class from the test classpath, whose stdout lines are collected as
 * they arrive, so a test can kill it (SIGKILL) at a chosen moment and then see every line it had
 * printed. Reusable for any crash test: the child prints a line after each step that must survive.
 */
public final class ChildJvm {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread pump;
  private boolean ended;

  private ChildJvm(Process process) {
    this.process = process;
    this.pump = new Thread(this::pump, "child-stdout");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code mainClass} with {@code args} in a new JVM on this JVM's classpath. */
  public static ChildJvm start(Class<?> mainClass, Path workDir, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new ChildJvm(p);
  }

  /** Waits until the child has printed at least {@code count} lines (or exited). */
  public boolean awaitLines(int count, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lines) {
      while (lines.size() < count && !ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
      return lines.size() >= count;
    }
  }

  /**
   * Kills the child with SIGKILL and returns every line it printed, up to its death.
   *
   * <p>Through {@link ProcessHandle}, not {@link Process#destroyForcibly()}: the latter also closes
   * our end of the stdout pipe, which throws away the lines still in the pipe, the very last ones
   * the child printed before it died.
   */
  public List<String> kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
    pump.join(TimeUnit.SECONDS.toMillis(10));
    synchronized (lines) {
      if (!ended) {
        throw new IllegalStateException("the child's stdout was not read to its end");
      }
      return new ArrayList<>(lines);
    }
  }

  private void pump() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The pipe closes when the child dies; what was read so far is the result.
    } finally {
      synchronized (lines) {
        ended = true;
        lines.notifyAll();
      }
    }
  }
}
