package dev.hydrant.internal.spool;

import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Encodes and checks the two binary structures of a segment file: the segment header and the record
 * frame. The byte tables are on {@link DiskSpool}. All integers are big-endian.
 *
 * <p>Stateless and thread-safe.
 */
final class FrameCodec {
  /** Segment header magic, ASCII {@code "HSPG"}. */
  static final int SEGMENT_MAGIC = 0x48535047;

  /** The only segment and frame format this version writes and reads. */
  static final int FORMAT_VERSION = 1;

  /** Bytes of the segment header: magic, version, reserved, segment number, CRC32C. */
  static final int SEGMENT_HEADER_BYTES = 20;

  /** Bytes of a frame header before the device id: version, flags, lengths, seq, time, CRC32C. */
  static final int FRAME_HEADER_BYTES = 28;

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

  private FrameCodec() {}

  /** The 20-byte header that starts every segment file. */
  static byte[] segmentHeader(long segmentNumber) {
    ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    b.putInt(SEGMENT_MAGIC).putShort((short) FORMAT_VERSION).putShort((short) 0);
    b.putLong(segmentNumber);
    b.putInt(crc(b.array(), 0, 16));
    return b.array();
  }

  /**
   * Reads the format version of a segment header.
   *
   * @return the version, or {@link #INVALID} if the bytes are not an intact header (torn or
   *     corrupt; the caller then scans the frames anyway)
   */
  static int segmentVersion(byte[] header, int length) {
    if (length < SEGMENT_HEADER_BYTES) {
      return INVALID;
    }
    ByteBuffer b = ByteBuffer.wrap(header, 0, SEGMENT_HEADER_BYTES);
    if (b.getInt(0) != SEGMENT_MAGIC || b.getInt(16) != crc(header, 0, 16)) {
      return INVALID;
    }
    return Short.toUnsignedInt(b.getShort(4));
  }

  /** Bytes one event takes on disk. */
  static int frameLength(byte[] deviceIdUtf8, byte[] line) {
    return FRAME_HEADER_BYTES + deviceIdUtf8.length + line.length;
  }

  /** Encodes one frame; the caller has checked the lengths against the maxima. */
  static byte[] encode(byte[] deviceIdUtf8, long seq, long acceptedAtMillis, byte[] line) {
    byte[] frame = new byte[frameLength(deviceIdUtf8, line)];
    ByteBuffer b = ByteBuffer.wrap(frame);
    b.put((byte) FORMAT_VERSION).put((byte) 0).putShort((short) deviceIdUtf8.length);
    b.putInt(line.length).putLong(seq).putLong(acceptedAtMillis);
    b.position(FRAME_HEADER_BYTES);
    b.put(deviceIdUtf8).put(line);
    b.putInt(24, frameCrc(frame, 0, frame.length));
    return frame;
  }

  /**
   * Checks whether a valid frame starts at {@code off}.
   *
   * @param available bytes of {@code a} readable from {@code off}
   * @param endOfData whether nothing follows those bytes (end of the segment's data)
   * @return the frame's length if valid; {@link #NEED_MORE} if plausible but cut off by {@code
   *     available} while more data follows; {@link #INVALID} otherwise (including a frame cut off
   *     by the end of the data: a torn write)
   */
  static int check(byte[] a, int off, int available, boolean endOfData) {
    if (available < FRAME_HEADER_BYTES) {
      return endOfData ? INVALID : NEED_MORE;
    }
    ByteBuffer b = ByteBuffer.wrap(a);
    int deviceLength = Short.toUnsignedInt(b.getShort(off + 2));
    int lineLength = b.getInt(off + 4);
    if (a[off] != FORMAT_VERSION
        || a[off + 1] != 0
        || deviceLength == 0
        || deviceLength > MAX_DEVICE_ID_BYTES
        || lineLength <= 0
        || lineLength > MAX_LINE_BYTES) {
      return INVALID;
    }
    int length = FRAME_HEADER_BYTES + deviceLength + lineLength;
    if (available < length) {
      return endOfData ? INVALID : NEED_MORE;
    }
    return b.getInt(off + 24) == frameCrc(a, off, length) ? length : INVALID;
  }

  /** Decodes a frame that {@link #check} accepted; {@code id} is its position. */
  static BufferedEvent decode(long id, byte[] a, int off) {
    ByteBuffer b = ByteBuffer.wrap(a);
    int deviceLength = Short.toUnsignedInt(b.getShort(off + 2));
    int lineLength = b.getInt(off + 4);
    String deviceId = new String(a, off + FRAME_HEADER_BYTES, deviceLength, StandardCharsets.UTF_8);
    byte[] line = new byte[lineLength];
    System.arraycopy(a, off + FRAME_HEADER_BYTES + deviceLength, line, 0, lineLength);
    return new BufferedEvent(id, deviceId, b.getLong(off + 8), b.getLong(off + 16), line);
  }

  /** The CRC32C of a frame: header bytes 0-23 and everything after the CRC field. */
  private static int frameCrc(byte[] a, int off, int length) {
    CRC32C crc = new CRC32C();
    crc.update(a, off, 24);
    crc.update(a, off + FRAME_HEADER_BYTES, length - FRAME_HEADER_BYTES);
    return (int) crc.getValue();
  }

  static int crc(byte[] a, int off, int length) {
    CRC32C crc = new CRC32C();
    crc.update(a, off, length);
    return (int) crc.getValue();
  }
}
