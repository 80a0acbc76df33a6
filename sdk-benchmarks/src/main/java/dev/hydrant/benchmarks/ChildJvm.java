package dev.hydrant.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a measured client JVM is started: this JVM's {@code java} and class path, optionally a heap
 * limit, extra JVM flags, and pinned to a CPU list with {@code taskset -c} (util-linux), so that
 * the client (the device) and the emulator (the cloud, in the parent JVM) do not share a core.
 *
 * @param heap the {@code -Xmx} value, if any
 * @param cpus the {@code taskset -c} CPU list, if any
 * @param jvmArgs further JVM flags, such as {@code -XX:TieredStopAtLevel=1}
 */
record ChildJvm(Optional<String> heap, Optional<String> cpus, List<String> jvmArgs) {

  /** A child without limits, pinning or flags. */
  static final ChildJvm PLAIN = new ChildJvm(Optional.empty(), Optional.empty(), List.of());

  ChildJvm {
    jvmArgs = List.copyOf(jvmArgs);
  }

  /** Whether any of heap, pinning or flags is set, so that a child JVM is wanted at all. */
  boolean wanted() {
    return heap.isPresent() || cpus.isPresent() || !jvmArgs.isEmpty();
  }

  /** This child with {@code more} flags after its own. */
  ChildJvm withJvmArgs(List<String> more) {
    List<String> all = new ArrayList<>(jvmArgs);
    all.addAll(more);
    return new ChildJvm(heap, cpus, all);
  }

  /** The command line running {@code mainClass} with {@code args} in such a child. */
  List<String> command(Class<?> mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    if (cpus.isPresent()) {
      command.add(taskset());
      command.add("-c");
      command.add(cpus.get());
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    heap.ifPresent(h -> command.add("-Xmx" + h));
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(args);
    return command;
  }

  /**
   * Checks, before any measurement, that the child can start: {@code taskset} exists and accepts
   * the CPU list, and {@code java} accepts the flags.
   *
   * @throws IllegalStateException saying what is missing or refused, with the child's output
   */
  void check() throws IOException, InterruptedException {
    List<String> command = command(ChildJvm.class, List.of());
    int main = command.indexOf(ChildJvm.class.getName());
    List<String> probe = new ArrayList<>(command.subList(0, main - 2));
    probe.add("-version");
    Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "the child JVM does not start (" + String.join(" ", probe) + "):\n" + out.trim());
    }
  }

  /**
   * The {@code taskset} executable on the PATH.
   *
   * @throws IllegalStateException if there is none
   */
  static String taskset() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, "taskset");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(
        "--child-cpus needs taskset (package util-linux) on the PATH; none found in " + path);
  }

  /**
   * Splits {@code --child-jvm-args} on white space.
   *
   * @throws IllegalArgumentException if a word does not start with {@code -}
   */
  static List<String> splitJvmArgs(String value) {
    List<String> args = new ArrayList<>();
    for (String word : value.trim().split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (!word.startsWith("-")) {
        throw new IllegalArgumentException(
            "--child-jvm-args takes JVM flags starting with '-': "
                + word
                + " in \""
                + value
                + "\"");
      }
      args.add(word);
    }
    return args;
  }

  /**
   * Checks a {@code taskset -c} CPU list such as {@code 0}, {@code 0,2} or {@code 0-3}.
   *
   * @throws IllegalArgumentException if it is not one
   */
  static String cpuList(String option, String value) {
    if (!value.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
      throw new IllegalArgumentException(
          option + " must be a CPU list such as 0, 0,2 or 0-3: " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return cpus.map(c -> "taskset -c " + c + " ").orElse("")
        + "java"
        + heap.map(h -> " -Xmx" + h).orElse("")
        + (jvmArgs.isEmpty() ? "" : " " + String.join(" ", jvmArgs));
  }
}
