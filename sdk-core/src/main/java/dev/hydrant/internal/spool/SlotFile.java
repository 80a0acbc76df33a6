package dev.hydrant.internal.spool;

import dev.hydrant.SpoolFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small state file rewritten in place, so that rewriting it needs no free space and no new inode:
 * the file holds two equal slots, and each write fills the slot not holding the newest copy
 * (header, generation number, body, CRC32C), then fdatasyncs. A torn write damages only the slot
 * being written; the reader takes the valid slot with the higher generation. The file is replaced
 * atomically (temporary file, fsync, rename) only when it is created or a body outgrows its slot;
 * slots double, so that happens a handful of times in a spool's life.
 *
 * <pre>
 * slot (S = file size / 2 bytes, at offset 0 and S)
 * 0  u32 magic                   16 u32 B = body length
 * 4  u16 version (2), u16 0      20 B bytes body
 * 8  u64 generation              .. u32 CRC32C of bytes 0 .. 20+B-1
 * </pre>
 *
 * <p>A version 1 file (one copy: magic, version 1, reserved, body, CRC32C of everything before) is
 * still read. Not thread-safe: callers serialize access.
 */
final class SlotFile {
  static final int SLOT_OVERHEAD = 20 + 4;
  static final int MIN_SLOT_BYTES = 512;

  private static final Logger LOG = LoggerFactory.getLogger(SlotFile.class);

  /** The newest valid body of a file and the format version it was written in. */
  record Body(int version, ByteBuffer bytes) {}

  private final FileOps ops;
  private final Path directory;
  private final String name;
  private final int magic;
  private long generation;
  private int slotBytes;

  SlotFile(FileOps ops, Path directory, String name, int magic) {
    this.ops = ops;
    this.directory = directory;
    this.name = name;
    this.magic = magic;
  }

  Path path() {
    return directory.resolve(name);
  }

  /** Bytes a body may have without the file being replaced (0 before the file exists). */
  int capacity() {
    return slotBytes == 0 ? 0 : slotBytes - SLOT_OVERHEAD;
  }

  /**
   * The newest valid body, or null if the file is missing or no copy is intact (logged).
   *
   * @throws SpoolFormatException if the file carries a newer format version
   */
  Body read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path());
    } catch (NoSuchFileException e) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length >= 12
        && b.getInt(0) == magic
        && b.getShort(4) == FrameCodec.FORMAT_V1
        && b.getInt(bytes.length - 4) == FrameCodec.crc(bytes, 0, bytes.length - 4)) {
      return new Body(FrameCodec.FORMAT_V1, ByteBuffer.wrap(bytes, 8, bytes.length - 12).slice());
    }
    int half = bytes.length / 2;
    Body newest = null;
    long newestGeneration = -1;
    int future = futureVersion(b, 0, bytes.length - 4);
    for (int at : new int[] {0, half}) {
      if (half < SLOT_OVERHEAD || bytes.length % 2 != 0) {
        break;
      }
      int length = b.getInt(at + 16);
      if (b.getInt(at) != magic
          || length < 0
          || length > half - SLOT_OVERHEAD
          || b.getInt(at + 20 + length) != FrameCodec.crc(bytes, at, 20 + length)) {
        continue;
      }
      if (b.getShort(at + 4) != FrameCodec.FORMAT_VERSION) {
        future = Math.max(future, futureVersion(b, at, at + 20 + length));
        continue;
      }
      long g = b.getLong(at + 8);
      if (g > newestGeneration) {
        newestGeneration = g;
        newest =
            new Body(FrameCodec.FORMAT_VERSION, ByteBuffer.wrap(bytes, at + 20, length).slice());
      }
    }
    if (newest == null) {
      if (future > 0) {
        throw new SpoolFormatException(
            "spool state file "
                + path()
                + " has format version "
                + future
                + "; this Hydrant reads versions 1 to "
                + FrameCodec.FORMAT_VERSION
                + " (files left untouched)");
      }
      LOG.warn("Ignoring damaged spool state file {} ({} bytes)", path(), bytes.length);
      if (bytes.length % 2 == 0 && half >= MIN_SLOT_BYTES) {
        slotBytes = half; // reused in place: rewriting it needs no free space
      }
      return null;
    }
    generation = newestGeneration;
    slotBytes = half;
    return newest;
  }

  /**
   * Writes {@code body} as the newest copy: in place when it fits the slot, else by replacing the
   * file with one of larger slots.
   */
  void write(byte[] body) throws IOException {
    int needed = body.length + SLOT_OVERHEAD;
    if (needed <= slotBytes) {
      try (FileChannel ch = ops.open(path(), StandardOpenOption.WRITE)) {
        long next = generation + 1;
        writeFully(ch, slot(body, next), (next % 2) * slotBytes);
        ch.force(false);
        generation = next;
        return;
      } catch (NoSuchFileException e) {
        LOG.warn("Spool state file {} vanished; creating it again", path());
      }
    }
    int size = Math.max(MIN_SLOT_BYTES, Integer.highestOneBit(needed) * 2);
    long next = generation + 1;
    ByteBuffer copy = slot(body, next);
    Path tmp = directory.resolve(name + ".tmp");
    try (FileChannel ch =
        ops.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      // Both slots hold the new copy, so the first in-place write may overwrite either.
      writeFully(ch, copy.duplicate(), 0);
      writeFully(ch, copy.duplicate(), size);
      ByteBuffer end = ByteBuffer.allocate(size - copy.remaining());
      writeFully(ch, end, size + copy.remaining());
      ch.force(true);
    } catch (IOException e) {
      try {
        ops.delete(tmp);
      } catch (IOException d) {
        e.addSuppressed(d);
      }
      throw e;
    }
    ops.rename(tmp, path());
    ops.syncDirectory(directory);
    slotBytes = size;
    generation = next;
  }

  private ByteBuffer slot(byte[] body, long gen) {
    ByteBuffer b = ByteBuffer.allocate(body.length + SLOT_OVERHEAD);
    b.putInt(magic).putShort((short) FrameCodec.FORMAT_VERSION).putShort((short) 0);
    b.putLong(gen).putInt(body.length).put(body);
    b.putInt(FrameCodec.crc(b.array(), 0, b.position()));
    return b.flip();
  }

  /**
   * The newer version a copy at {@code at} names, if its checksum (over the bytes up to {@code
   * crcAt}) is intact, else 0: a damaged version field is damage, not a newer format.
   */
  private int futureVersion(ByteBuffer b, int at, int crcAt) {
    if (crcAt < at + 8 || b.getInt(at) != magic || b.getShort(at + 6) != 0) {
      return 0;
    }
    int version = Short.toUnsignedInt(b.getShort(at + 4));
    boolean intact = b.getInt(crcAt) == FrameCodec.crc(b.array(), b.arrayOffset() + at, crcAt - at);
    return intact && version > FrameCodec.FORMAT_VERSION && version < 256 ? version : 0;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long p = at;
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
  }
}
