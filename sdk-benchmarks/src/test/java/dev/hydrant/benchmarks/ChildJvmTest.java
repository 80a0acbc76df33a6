package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

  @Test
  void pinsTheChildWithTasksetAndPassesHeapAndFlagsBeforeTheClassPath() {
    boolean taskset;
    try {
      ChildJvm.taskset();
      taskset = true;
    } catch (IllegalStateException e) {
      System.out.println("skipped: " + e.getMessage());
      taskset = false;
    }
    assumeTrue(taskset, "taskset (util-linux) is not on the PATH");
    ChildJvm jvm = new ChildJvm(Optional.of("16m"), Optional.of("0"), List.of("-XX:+UseSerialGC"));
    List<String> command = jvm.command(ChildProducer.class, List.of("a", "b"));
    assertTrue(Path.of(command.get(0)).endsWith("taskset"), command.toString());
    assertEquals(List.of("-c", "0"), command.subList(1, 3));
    assertTrue(Path.of(command.get(3)).endsWith(Path.of("bin", "java")), command.toString());
    assertEquals(List.of("-Xmx16m", "-XX:+UseSerialGC", "-cp"), command.subList(4, 7));
    assertEquals(
        List.of(ChildProducer.class.getName(), "a", "b"),
        command.subList(command.size() - 3, command.size()));
    assertEquals("taskset -c 0 java -Xmx16m -XX:+UseSerialGC", jvm.toString());
  }

  @Test
  void aPlainChildIsJustJavaAndIsNotWanted() {
    List<String> command = ChildJvm.PLAIN.command(StartupProbe.class, List.of());
    assertTrue(Path.of(command.get(0)).endsWith(Path.of("bin", "java")), command.toString());
    assertEquals("-cp", command.get(1));
    assertEquals(false, ChildJvm.PLAIN.wanted());
  }

  @Test
  void aChildJvmThatCannotStartIsRefusedWithJavasOwnWords() {
    ChildJvm bad = new ChildJvm(Optional.empty(), Optional.empty(), List.of("-XX:+NoSuchFlag"));
    String message = assertThrows(IllegalStateException.class, bad::check).getMessage();
    assertTrue(message.startsWith("the child JVM does not start ("), message);
    assertTrue(message.contains("NoSuchFlag"), message);
  }
}
