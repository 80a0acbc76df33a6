package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void aForkedTestJvmIsNoTerminalSoProgressPrintsPlainLines() {
    // Surefire's JVM reads and writes pipes. On JDK 22-24 System.console() is not null there, which
    // made the demo redraw a live line into a log file.
    assertFalse(Progress.isTerminal());
  }
}
