package dev.hydrant.internal.spool;

import dev.hydrant.SpoolLockedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Exclusive ownership of a spool directory: an OS file lock on {@code spool.lock}, held while the
 * spool is open, so that two processes (or two spools in one process) never write the same files.
 * The kernel drops the lock when the process dies, so a killed process never leaves it stale.
 */
final class SpoolLock {
  static final String FILE = "spool.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private SpoolLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates the directory if missing (owner-only where POSIX) and locks it.
   *
   * @throws SpoolLockedException if the directory is already locked
   */
  static SpoolLock acquire(FileOps ops, Path dir) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      var ownerOnly = PosixFilePermissions.fromString("rwx------");
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
      Files.setPosixFilePermissions(dir, ownerOnly);
    } else {
      Files.createDirectories(dir);
    }
    FileChannel channel =
        ops.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new SpoolLockedException(
          "spool directory " + dir + " is in use by another process or spool (" + FILE + ")");
    }
    return new SpoolLock(channel, lock);
  }

  void release() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
