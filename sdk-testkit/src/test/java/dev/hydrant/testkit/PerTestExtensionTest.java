package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class PerTestExtensionTest {

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR = FirehoseEmulatorExtension.create().perTest();

  private static FirehoseEmulator previous;

  @RepeatedTest(2)
  void eachTestGetsAFreshEmulatorAndThePreviousOneIsClosed(FirehoseEmulator emulator) {
    assertTrue(emulator.isRunning());
    if (previous != null) {
      assertNotSame(previous, emulator);
      assertFalse(previous.isRunning());
      assertThrows(IllegalStateException.class, previous::endpoint);
    }
    previous = emulator;
  }
}
