package dev.hydrant.internal.spool;

import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Encodes and checks the two binary structures of a segment file: the segment header and the record
 * frame, in the current format (version 2, which this code writes) and in version 1 (which it still
 * reads). The byte tables are on {@link DiskSpool}. All integers are big-endian.
 *
 * <p>Stateless and thread-safe.
 */
final class FrameCodec {
  /** Segment header magic, ASCII {@code "HSPG"}. */
  static final int SEGMENT_MAGIC = 0x48535047;

  /** The segment, frame and state file format this version writes. */
  static final int FORMAT_VERSION = 2;

  /** The first released format (Hydrant 0.1.0), still read. */
  static final int FORMAT_V1 = 1;

  /** Bytes of the current segment header: magic, version, number, identity, ordinal, floor, CRC. */
  static final int SEGMENT_HEADER_BYTES = 52;

  /** Bytes of a version 1 segment header: magic, version, reserved, segment number, CRC32C. */
  static final int V1_SEGMENT_HEADER_BYTES = 20;

  /** Bytes of a current frame header before the device id. */
  static final int FRAME_HEADER_BYTES = 36;

  /** Bytes of a version 1 frame header before the device id. */
  static final int V1_FRAME_HEADER_BYTES = 28;

  /** Largest device id, in UTF-8 bytes: {@value}. */
  static final int MAX_DEVICE_ID_BYTES = 1024;

  /** Largest event line: {@value} bytes (above Firehose's 1,000 KiB record limit). */
  static final int MAX_LINE_BYTES = 1024 * 1024;

  /** Largest frame, so that a corrupt length never makes a reader allocate more. */
  static final int MAX_FRAME_BYTES = FRAME_HEADER_BYTES + MAX_DEVICE_ID_BYTES + MAX_LINE_BYTES;

  /** {@link #check} result: the bytes at the offset are not the start of a valid frame. */
  static final int INVALID = -1;

  /** {@link #check} result: the header is plausible but the frame extends past the bytes given. */
  static final int NEED_MORE = 0;

  /** An ordinal that is not known (version 1 frames and headers carry none). */
  static final long NO_ORDINAL = -1;

  private FrameCodec() {}

  /**
   * A segment header as read from a file.
   *
   * @param version 1 or 2
   * @param identity the spool identity (null for version 1)
   * @param firstOrdinal ordinal of the segment's first frame, or {@link #NO_ORDINAL}
   * @param seqFloor the highest seq of any device when the segment was started (0 for version 1)
   * @param length bytes of the header: where the first frame starts
   */
  record Header(
      int version,
      long number,
      SpoolIdentity identity,
      long firstOrdinal,
      long seqFloor,
      int length) {}

  /** The header that starts every segment file written by this version. */
  static byte[] segmentHeader(
      long segmentNumber, SpoolIdentity identity, long firstOrdinal, long seqFloor) {
    ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    b.putInt(SEGMENT_MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0);
    b.putLong(segmentNumber);
    identity.writeTo(b);
    b.putLong(firstOrdinal).putLong(seqFloor);
    b.putInt(crc(b.array(), 0, SEGMENT_HEADER_BYTES - 4));
    return b.array();
  }

  /**
   * Reads the format version of a segment header.
   *
   * @return the version, or {@link #INVALID} if the bytes are not an intact header (torn or
   *     corrupt; the caller then scans the frames anyway)
   */
  static int segmentVersion(byte[] header, int length) {
    if (length < V1_SEGMENT_HEADER_BYTES) {
      return INVALID;
    }
    ByteBuffer b = ByteBuffer.wrap(header, 0, length);
    if (b.getInt(0) != SEGMENT_MAGIC) {
      return INVALID;
    }
    int version = Short.toUnsignedInt(b.getShort(4));
    if (version == FORMAT_V1) {
      return b.getInt(16) == crc(header, 0, 16) ? version : INVALID;
    }
    if (version == FORMAT_VERSION) {
      return length >= SEGMENT_HEADER_BYTES
              && b.getInt(SEGMENT_HEADER_BYTES - 4) == crc(header, 0, SEGMENT_HEADER_BYTES - 4)
          ? version
          : INVALID;
    }
    // A newer version may have a longer header; its magic and a plausible version are enough to
    // refuse the file rather than treat it as damage.
    return version > FORMAT_VERSION && version < 256 && b.getShort(6) == 0 ? version : INVALID;
  }

  /** Parses an intact header of a known version, or returns null. */
  static Header parseHeader(byte[] header, int length) {
    int version = segmentVersion(header, length);
    ByteBuffer b = ByteBuffer.wrap(header, 0, length);
    if (version == FORMAT_V1) {
      return new Header(version, b.getLong(8), null, NO_ORDINAL, 0, V1_SEGMENT_HEADER_BYTES);
    }
    if (version == FORMAT_VERSION) {
      b.position(16);
      SpoolIdentity identity = SpoolIdentity.readFrom(b);
      return new Header(
          version, b.getLong(8), identity, b.getLong(32), b.getLong(40), SEGMENT_HEADER_BYTES);
    }
    return null;
  }

  /** Bytes one event takes on disk. */
  static int frameLength(byte[] deviceIdUtf8, byte[] line) {
    return FRAME_HEADER_BYTES + deviceIdUtf8.length + line.length;
  }

  /** Encodes one current-version frame; the caller has checked the lengths against the maxima. */
  static byte[] encode(
      byte[] deviceIdUtf8, long seq, long acceptedAtMillis, long ordinal, byte[] line) {
    byte[] frame = new byte[frameLength(deviceIdUtf8, line)];
    ByteBuffer b = ByteBuffer.wrap(frame);
    b.put((byte) FORMAT_VERSION).put((byte) 0).putShort((short) deviceIdUtf8.length);
    b.putInt(line.length).putLong(seq).putLong(acceptedAtMillis).putLong(ordinal);
    b.position(FRAME_HEADER_BYTES);
    b.put(deviceIdUtf8).put(line);
    b.putInt(FRAME_HEADER_BYTES - 4, frameCrc(frame, 0, frame.length, FRAME_HEADER_BYTES));
    return frame;
  }

  /**
   * Checks whether a valid frame (of either version) starts at {@code off}.
   *
   * @param available bytes of {@code a} readable from {@code off}
   * @param endOfData whether nothing follows those bytes (end of the segment's data)
   * @return the frame's length if valid; {@link #NEED_MORE} if plausible but cut off by {@code
   *     available} while more data follows; {@link #INVALID} otherwise (including a frame cut off
   *     by the end of the data: a torn write)
   */
  static int check(byte[] a, int off, int available, boolean endOfData) {
    if (available < V1_FRAME_HEADER_BYTES) {
      return endOfData ? INVALID : NEED_MORE;
    }
    int headerBytes = frameHeaderBytes(a[off]);
    if (headerBytes == INVALID || a[off + 1] != 0) {
      return INVALID;
    }
    if (available < headerBytes) {
      return endOfData ? INVALID : NEED_MORE;
    }
    ByteBuffer b = ByteBuffer.wrap(a);
    int deviceLength = Short.toUnsignedInt(b.getShort(off + 2));
    int lineLength = b.getInt(off + 4);
    if (deviceLength == 0
        || deviceLength > MAX_DEVICE_ID_BYTES
        || lineLength <= 0
        || lineLength > MAX_LINE_BYTES) {
      return INVALID;
    }
    int length = headerBytes + deviceLength + lineLength;
    if (available < length) {
      return endOfData ? INVALID : NEED_MORE;
    }
    return b.getInt(off + headerBytes - 4) == frameCrc(a, off, length, headerBytes)
        ? length
        : INVALID;
  }

  /** Header bytes of a frame whose first byte is {@code version}, or {@link #INVALID}. */
  static int frameHeaderBytes(byte version) {
    if (version == FORMAT_VERSION) {
      return FRAME_HEADER_BYTES;
    }
    return version == FORMAT_V1 ? V1_FRAME_HEADER_BYTES : INVALID;
  }

  /** Decodes a frame that {@link #check} accepted; {@code id} is its position. */
  static BufferedEvent decode(long id, byte[] a, int off) {
    ByteBuffer b = ByteBuffer.wrap(a);
    int headerBytes = frameHeaderBytes(a[off]);
    int deviceLength = Short.toUnsignedInt(b.getShort(off + 2));
    int lineLength = b.getInt(off + 4);
    String deviceId = new String(a, off + headerBytes, deviceLength, StandardCharsets.UTF_8);
    byte[] line = new byte[lineLength];
    System.arraycopy(a, off + headerBytes + deviceLength, line, 0, lineLength);
    return new BufferedEvent(id, deviceId, b.getLong(off + 8), b.getLong(off + 16), line);
  }

  /** The ordinal of a frame that {@link #check} accepted, or {@link #NO_ORDINAL} (version 1). */
  static long ordinal(byte[] a, int off) {
    return a[off] == FORMAT_VERSION ? ByteBuffer.wrap(a).getLong(off + 24) : NO_ORDINAL;
  }

  /** The CRC32C of a frame: header bytes before the CRC field and everything after it. */
  private static int frameCrc(byte[] a, int off, int length, int headerBytes) {
    CRC32C crc = new CRC32C();
    crc.update(a, off, headerBytes - 4);
    crc.update(a, off + headerBytes, length - headerBytes);
    return (int) crc.getValue();
  }

  static int crc(byte[] a, int off, int length) {
    CRC32C crc = new CRC32C();
    crc.update(a, off, length);
    return (int) crc.getValue();
  }
}
