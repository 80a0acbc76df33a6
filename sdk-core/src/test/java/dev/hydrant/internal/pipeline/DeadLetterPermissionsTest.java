package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantClientBuilder;
import dev.hydrant.HydrantException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters hold whole events: owner-only like the spool, and checked when opened. */
class DeadLetterPermissionsTest {
  @TempDir Path dir;

  private static final List<EventRef> ONE =
      List.of(new EventRef("stb-1", 1, 0, "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8)));

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void directoryAndFileAreOwnerOnly() throws IOException {
    assumeTrue(posix(), "POSIX permissions only");
    Path letters = dir.resolve("a/b/dead");
    DeadLetterFile file = new DeadLetterFile(letters, 1 << 20, Clock.systemUTC());
    file.onFailed(FailureReason.FORBIDDEN, "Forbidden", ONE);
    Path written = letters.resolve(DeadLetterFile.FILE_NAME);
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(letters)));
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
    assertTrue(Files.readString(written).contains("\"reason\":\"FORBIDDEN\""));
  }

  @Test
  void anExistingWorldReadableFileIsTightened() throws IOException {
    assumeTrue(posix(), "POSIX permissions only");
    Path letters = Files.createDirectories(dir.resolve("dead"));
    Path existing = letters.resolve(DeadLetterFile.FILE_NAME);
    Files.writeString(existing, "{}\n");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(letters, PosixFilePermissions.fromString("rwxr-xr-x"));
    new DeadLetterFile(letters, 1 << 20, Clock.systemUTC());
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(letters)));
    assertEquals("{}\n", Files.readString(existing), "kept, not truncated");
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsRefusedAtOnce() throws IOException {
    // A regular file in the way fails for root too, unlike a read-only directory.
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThrows(
        IOException.class,
        () -> new DeadLetterFile(blocker.resolve("dead"), 1 << 20, Clock.systemUTC()));
  }

  @Test
  void buildFailsWithATypedErrorNamingTheOption() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    HydrantClientBuilder builder =
        HydrantClient.builder()
            .endpoint("https://127.0.0.1:9/fh")
            .deliveryStream("s")
            .deadLetterDirectory(blocker.resolve("dead"));
    HydrantException e = assertThrows(HydrantException.class, builder::build);
    assertTrue(
        e.getMessage().startsWith("deadLetterDirectory " + blocker.resolve("dead")),
        e.getMessage());
    assertTrue(e.getMessage().contains("choose a writable directory"), e.getMessage());
  }

  @Test
  void aFileThatCannotBeOpenedForAppendingIsRefusedAtOnce() throws IOException {
    Path letters = Files.createDirectories(dir.resolve("dead"));
    Files.createDirectory(letters.resolve(DeadLetterFile.FILE_NAME));
    assertThrows(IOException.class, () -> new DeadLetterFile(letters, 1 << 20, Clock.systemUTC()));
  }
}
