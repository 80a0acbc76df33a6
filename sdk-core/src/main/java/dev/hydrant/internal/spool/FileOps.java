package dev.hydrant.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file-system operations the spool performs, as a seam so that tests can inject failures at
 * chosen write points (a channel that fails mid-write, a rename that fails). Implementations must
 * be thread-safe.
 */
interface FileOps {
  /** Opens a file; created files get owner-only permissions where POSIX permissions exist. */
  FileChannel open(Path path, StandardOpenOption... options) throws IOException;

  /** Renames {@code from} to {@code to} atomically, replacing {@code to}. */
  void rename(Path from, Path to) throws IOException;

  /** Deletes a file if it exists. */
  void delete(Path path) throws IOException;

  /**
   * Forces a directory's entries (created, renamed, deleted files) to disk. A no-op where the
   * platform cannot open a directory (Windows).
   */
  void syncDirectory(Path directory) throws IOException;

  /** The real file system. */
  FileOps SYSTEM = new SystemFileOps();

  /** {@link FileOps} on the default file system. */
  final class SystemFileOps implements FileOps {
    private static final boolean POSIX =
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY =
        PosixFilePermissions.fromString("rw-------");

    private SystemFileOps() {}

    @Override
    public FileChannel open(Path path, StandardOpenOption... options) throws IOException {
      Set<StandardOpenOption> set = Set.of(options);
      if (POSIX
          && (set.contains(StandardOpenOption.CREATE)
              || set.contains(StandardOpenOption.CREATE_NEW))) {
        FileAttribute<Set<PosixFilePermission>> perms =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        return FileChannel.open(path, set, perms);
      }
      return FileChannel.open(path, set);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + to + " cannot rename atomically", e);
      }
    }

    @Override
    public void delete(Path path) throws IOException {
      Files.deleteIfExists(path);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
      if (!POSIX) {
        return;
      }
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      }
    }
  }
}
