package dev.hydrant.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spool's two small state files, {@code acks} and {@code sequences}, each a {@link SlotFile}
 * rewritten in place (so recording an acknowledgement needs no free space). Byte tables are on
 * {@link DiskSpool}.
 *
 * <p>Thread-safe: writes of one file are serialized. A file with no intact copy is ignored with a
 * warning (losing the ack state only causes resends, never loss). A file of a newer version throws
 * {@link dev.hydrant.SpoolFormatException}.
 */
final class StateFiles {
  static final String ACKS = "acks";
  static final String SEQUENCES = "sequences";
  static final int ACKS_MAGIC = 0x4841434b; // "HACK"
  static final int SEQUENCES_MAGIC = 0x48534551; // "HSEQ"

  /** Bytes of an acks body before the list of unfinished ids. */
  private static final int ACKS_FIXED = 16 + 8 * 4 + 4;

  /**
   * What is acknowledged: every record with {@code id < prefix}, and every record with {@code id <
   * readPosition} except those listed in {@code unfinished} (taken or released, not yet acked).
   *
   * @param readOrdinal the ordinal of the record at {@code readPosition}, or {@link
   *     FrameCodec#NO_ORDINAL}
   * @param seqFloor the highest seq of any device when written
   * @param identity the spool that wrote it, null if unknown (version 1 or no file)
   */
  record AckState(
      long prefix,
      long readPosition,
      long[] unfinished,
      long readOrdinal,
      long seqFloor,
      SpoolIdentity identity) {
    static final AckState EMPTY = new AckState(0, 0, new long[0], FrameCodec.NO_ORDINAL, 0, null);

    boolean acked(long id) {
      return id < prefix || (id < readPosition && Arrays.binarySearch(unfinished, id) < 0);
    }

    /** How many listed unfinished ids lie strictly between {@code low} and {@code high}. */
    long unfinishedBetween(long low, long high) {
      if (high <= low + 1) {
        return 0;
      }
      int from = Arrays.binarySearch(unfinished, low + 1);
      int to = Arrays.binarySearch(unfinished, high);
      from = from < 0 ? -from - 1 : from;
      to = to < 0 ? -to - 1 : to;
      return Math.max(0, to - from);
    }
  }

  /** The sequences file's content; {@code identity} null if unknown. */
  record Sequences(Map<String, Long> last, SpoolIdentity identity) {}

  private final FileOps ops;
  private final Path directory;
  private final SlotFile acks;
  private final SlotFile sequences;

  StateFiles(FileOps ops, Path directory) {
    this.acks = new SlotFile(ops, directory, ACKS, ACKS_MAGIC);
    this.sequences = new SlotFile(ops, directory, SEQUENCES, SEQUENCES_MAGIC);
    this.ops = ops;
    this.directory = directory;
  }

  synchronized AckState readAcks() throws IOException {
    SlotFile.Body body = acks.read();
    if (body == null) {
      return AckState.EMPTY;
    }
    ByteBuffer b = body.bytes();
    if (body.version() == FrameCodec.FORMAT_V1) {
      long prefix = b.getLong();
      long readPosition = b.getLong();
      long[] unfinished = readIds(b);
      return new AckState(prefix, readPosition, unfinished, FrameCodec.NO_ORDINAL, 0, null);
    }
    SpoolIdentity identity = SpoolIdentity.readFrom(b);
    long prefix = b.getLong();
    long readPosition = b.getLong();
    long readOrdinal = b.getLong();
    long floor = b.getLong();
    return new AckState(prefix, readPosition, readIds(b), readOrdinal, floor, identity);
  }

  private static long[] readIds(ByteBuffer b) {
    long[] ids = new long[b.getInt()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = b.getLong();
    }
    Arrays.sort(ids);
    return ids;
  }

  /**
   * Replaces the ack state ({@code unfinished} sorted). If the list outgrows the file and the file
   * cannot grow (disk full), writes a shorter state that is still true: the ids past those that fit
   * count as unfinished, so they are resent after a restart rather than lost.
   */
  synchronized void writeAcks(AckState state) throws IOException {
    try {
      acks.write(encodeAcks(state));
    } catch (IOException e) {
      int fits = (acks.capacity() - ACKS_FIXED) / 8;
      if (fits < 0 || fits >= state.unfinished().length) {
        throw e;
      }
      long[] kept = Arrays.copyOf(state.unfinished(), fits);
      long read = state.unfinished()[fits];
      acks.write(
          encodeAcks(
              new AckState(
                  state.prefix(),
                  read,
                  kept,
                  FrameCodec.NO_ORDINAL,
                  state.seqFloor(),
                  state.identity())));
    }
  }

  private static byte[] encodeAcks(AckState state) {
    ByteBuffer b = ByteBuffer.allocate(ACKS_FIXED + 8 * state.unfinished().length);
    state.identity().writeTo(b);
    b.putLong(state.prefix()).putLong(state.readPosition());
    b.putLong(state.readOrdinal()).putLong(state.seqFloor());
    b.putInt(state.unfinished().length);
    for (long id : state.unfinished()) {
      b.putLong(id);
    }
    return b.array();
  }

  synchronized Sequences readSequences() throws IOException {
    SlotFile.Body body = sequences.read();
    Map<String, Long> last = new LinkedHashMap<>();
    if (body == null) {
      return null;
    }
    ByteBuffer b = body.bytes();
    SpoolIdentity identity =
        body.version() == FrameCodec.FORMAT_V1 ? null : SpoolIdentity.readFrom(b);
    int count = b.getInt();
    for (int i = 0; i < count; i++) {
      byte[] device = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(device);
      last.put(new String(device, StandardCharsets.UTF_8), b.getLong());
    }
    return new Sequences(last, identity);
  }

  /**
   * Replaces the sequences file with a snapshot of {@code live} taken inside this method, so that
   * of two concurrent writers the later one always writes the newer snapshot.
   */
  synchronized void writeSequences(Map<String, Long> live, SpoolIdentity identity)
      throws IOException {
    Map<String, Long> snapshot = new LinkedHashMap<>(live);
    int size = 16 + 4;
    for (String device : snapshot.keySet()) {
      size += 2 + device.getBytes(StandardCharsets.UTF_8).length + 8;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    identity.writeTo(b);
    b.putInt(snapshot.size());
    for (Map.Entry<String, Long> e : snapshot.entrySet()) {
      byte[] device = e.getKey().getBytes(StandardCharsets.UTF_8);
      b.putShort((short) device.length).put(device).putLong(e.getValue());
    }
    sequences.write(b.array());
  }

  /** Deletes leftovers of a replacement interrupted before its rename. */
  void deleteTemporaries() throws IOException {
    ops.delete(directory.resolve(ACKS + ".tmp"));
    ops.delete(directory.resolve(SEQUENCES + ".tmp"));
  }
}
