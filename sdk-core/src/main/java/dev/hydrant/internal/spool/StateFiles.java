package dev.hydrant.internal.spool;

import dev.hydrant.SpoolFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's two small state files, each replaced atomically (write {@code name.tmp}, fsync,
 * rename over {@code name}, fsync the directory) so a reader sees the old or the new content, never
 * a mix. Byte tables are on {@link DiskSpool}.
 *
 * <p>Thread-safe: writes of one file are serialized. A file that fails its CRC32C (which atomic
 * replacement should make impossible) is ignored with a warning: losing the ack state only causes
 * resends, never loss. A valid file of an unknown version throws {@link SpoolFormatException}.
 */
final class StateFiles {
  static final String ACKS = "acks";
  static final String SEQUENCES = "sequences";
  static final int ACKS_MAGIC = 0x4841434b; // "HACK"
  static final int SEQUENCES_MAGIC = 0x48534551; // "HSEQ"

  private static final Logger LOG = LoggerFactory.getLogger(StateFiles.class);

  /**
   * What is acknowledged: every record with {@code id < prefix}, and every record with {@code id <
   * readPosition} except those listed in {@code unfinished} (taken or released, not yet acked).
   */
  record AckState(long prefix, long readPosition, long[] unfinished) {
    static final AckState EMPTY = new AckState(0, 0, new long[0]);

    boolean acked(long id) {
      return id < prefix
          || (id < readPosition && java.util.Arrays.binarySearch(unfinished, id) < 0);
    }
  }

  private final FileOps ops;
  private final Path directory;

  StateFiles(FileOps ops, Path directory) {
    this.ops = ops;
    this.directory = directory;
  }

  AckState readAcks() throws IOException {
    ByteBuffer b = read(ACKS, ACKS_MAGIC);
    if (b == null) {
      return AckState.EMPTY;
    }
    long prefix = b.getLong();
    long readPosition = b.getLong();
    long[] unfinished = new long[b.getInt()];
    for (int i = 0; i < unfinished.length; i++) {
      unfinished[i] = b.getLong();
    }
    java.util.Arrays.sort(unfinished);
    return new AckState(prefix, readPosition, unfinished);
  }

  /** Replaces the ack state; {@code unfinished} must be sorted. */
  synchronized void writeAcks(AckState state) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + 16 + 4 + 8 * state.unfinished().length + 4);
    b.putInt(ACKS_MAGIC).putShort((short) FrameCodec.FORMAT_VERSION).putShort((short) 0);
    b.putLong(state.prefix()).putLong(state.readPosition()).putInt(state.unfinished().length);
    for (long id : state.unfinished()) {
      b.putLong(id);
    }
    write(ACKS, b);
  }

  Map<String, Long> readSequences() throws IOException {
    ByteBuffer b = read(SEQUENCES, SEQUENCES_MAGIC);
    Map<String, Long> sequences = new LinkedHashMap<>();
    if (b == null) {
      return sequences;
    }
    int count = b.getInt();
    for (int i = 0; i < count; i++) {
      byte[] device = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(device);
      sequences.put(new String(device, StandardCharsets.UTF_8), b.getLong());
    }
    return sequences;
  }

  /**
   * Replaces the sequences file with a snapshot of {@code live} taken inside this method, so that
   * of two concurrent writers the later one always writes the newer snapshot.
   */
  synchronized void writeSequences(Map<String, Long> live) throws IOException {
    Map<String, Long> sequences = new LinkedHashMap<>(live);
    int size = 8 + 4 + 4;
    for (String device : sequences.keySet()) {
      size += 2 + device.getBytes(StandardCharsets.UTF_8).length + 8;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(SEQUENCES_MAGIC).putShort((short) FrameCodec.FORMAT_VERSION).putShort((short) 0);
    b.putInt(sequences.size());
    for (Map.Entry<String, Long> e : sequences.entrySet()) {
      byte[] device = e.getKey().getBytes(StandardCharsets.UTF_8);
      b.putShort((short) device.length).put(device).putLong(e.getValue());
    }
    write(SEQUENCES, b);
  }

  /** Deletes leftovers of a replacement interrupted before its rename. */
  void deleteTemporaries() throws IOException {
    ops.delete(directory.resolve(ACKS + ".tmp"));
    ops.delete(directory.resolve(SEQUENCES + ".tmp"));
  }

  /** Appends the CRC32C and replaces the file atomically. */
  private void write(String name, ByteBuffer body) throws IOException {
    body.putInt(FrameCodec.crc(body.array(), 0, body.position()));
    body.flip();
    Path tmp = directory.resolve(name + ".tmp");
    try (FileChannel ch =
        ops.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (body.hasRemaining()) {
        ch.write(body);
      }
      ch.force(true);
    }
    ops.rename(tmp, directory.resolve(name));
    ops.syncDirectory(directory);
  }

  /** The body after magic and version, or null if the file is missing or damaged. */
  private ByteBuffer read(String name, int magic) throws IOException {
    Path file = directory.resolve(name);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length < 12
        || b.getInt(0) != magic
        || b.getInt(bytes.length - 4) != FrameCodec.crc(bytes, 0, bytes.length - 4)) {
      LOG.warn("Ignoring damaged spool state file {} ({} bytes)", file, bytes.length);
      return null;
    }
    int version = Short.toUnsignedInt(b.getShort(4));
    if (version != FrameCodec.FORMAT_VERSION) {
      throw new SpoolFormatException(
          "spool state file "
              + file
              + " has format version "
              + version
              + "; this Hydrant reads version "
              + FrameCodec.FORMAT_VERSION
              + " (files left untouched)");
    }
    b.position(8);
    b.limit(bytes.length - 4);
    return b;
  }
}
