package dev.hydrant.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.SpoolDurability;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SpoolConfigTest {
  final Path dir = Path.of("spool");

  @Test
  void defaults() {
    SpoolConfig c = SpoolConfig.builder(dir).build();
    assertEquals(dir, c.directory());
    assertEquals(8L * 1024 * 1024, c.segmentBytes());
    assertEquals(64L * 1024 * 1024, c.maxBytes());
    assertEquals(Duration.ZERO, c.maxAge());
    assertEquals(SpoolDurability.GROUP_COMMIT, c.durability());
    assertEquals(Duration.ofMillis(200), c.groupCommitInterval());
  }

  @Test
  void invalidSettingsFailFastNamingTheParameterAndValue() {
    assertMessage(() -> SpoolConfig.builder(null), "directory");
    assertMessage(() -> SpoolConfig.builder(dir).segmentBytes(1000), "segmentBytes", "1000");
    assertMessage(() -> SpoolConfig.builder(dir).segmentBytes(1L << 31), "segmentBytes");
    assertMessage(() -> SpoolConfig.builder(dir).maxBytes(0), "maxBytes", "0");
    assertMessage(() -> SpoolConfig.builder(dir).maxAge(Duration.ofSeconds(-1)), "maxAge");
    assertMessage(() -> SpoolConfig.builder(dir).durability(null), "durability");
    assertMessage(
        () -> SpoolConfig.builder(dir).groupCommitInterval(Duration.ZERO), "groupCommitInterval");
    assertMessage(
        () -> SpoolConfig.builder(dir).groupCommitInterval(Duration.ofMinutes(2)),
        "groupCommitInterval");
    assertMessage(() -> SpoolConfig.builder(dir).maxBytes(10_000_000).build(), "maxBytes");
  }

  static void assertMessage(Executable config, String... parts) {
    RuntimeException e = assertThrows(RuntimeException.class, config);
    assertTrue(
        e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), e.getMessage());
    }
  }
}
