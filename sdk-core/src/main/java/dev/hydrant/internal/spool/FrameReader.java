package dev.hydrant.internal.spool;

import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads the frames of one segment in order through a bounded read-ahead window, skipping damage:
 * bytes that are not a valid frame are stepped over one byte at a time until the next frame whose
 * header and CRC32C check out ("resync"). Damage followed by a valid frame is counted as one
 * corrupt region; damage at the end (a torn or zero-filled tail) ends the data at {@link
 * #validEnd()}.
 *
 * <p>Memory: the window starts at {@value #INITIAL_WINDOW} bytes and grows only to hold one frame,
 * at most {@link FrameCodec#MAX_FRAME_BYTES}. Not thread-safe; does not own the channel.
 */
final class FrameReader {
  static final int INITIAL_WINDOW = 64 * 1024;

  private final FileChannel channel;
  private final long segmentNumber;
  private long limit;
  private long position;
  private long validEnd;
  private int corruptRegions;
  private long ordinal = FrameCodec.NO_ORDINAL;
  private boolean damagedBefore;
  private byte[] window = new byte[INITIAL_WINDOW];
  private long windowStart;
  private int windowLength;

  /**
   * @param start offset of the first frame to read
   * @param limit offset where the segment's data ends (file size, or the bytes known written)
   */
  FrameReader(FileChannel channel, long segmentNumber, long start, long limit) {
    this.channel = channel;
    this.segmentNumber = segmentNumber;
    this.position = start;
    this.validEnd = start;
    this.limit = limit;
  }

  /** Extends the readable data (the active segment grew). */
  void limit(long newLimit) {
    this.limit = newLimit;
  }

  /** Offset after the last frame returned (or after damage that was skipped). */
  long position() {
    return position;
  }

  /** End of the last valid frame returned, or the start offset: where a torn tail begins. */
  long validEnd() {
    return validEnd;
  }

  /** Damaged regions skipped so far (each followed by a valid frame). */
  int corruptRegions() {
    return corruptRegions;
  }

  /** The ordinal of the frame last returned, or {@link FrameCodec#NO_ORDINAL} (version 1). */
  long ordinal() {
    return ordinal;
  }

  /** Whether damaged bytes were skipped right before the frame last returned. */
  boolean damagedBefore() {
    return damagedBefore;
  }

  /** Whether bytes remain after {@link #validEnd()} that are not a frame (a torn tail). */
  boolean hasTornTail() {
    return position >= limit && validEnd < limit;
  }

  /**
   * Returns the next valid frame, or {@code null} when no valid frame remains before the limit. Its
   * id is {@link DiskSpool#id(long, long) id(segment, offset)}.
   */
  BufferedEvent next() throws IOException {
    long p = position;
    boolean damaged = false;
    while (p < limit) {
      int length = frameAt(p);
      if (length > 0) {
        BufferedEvent event = FrameCodec.decode(DiskSpool.id(segmentNumber, p), window, offset(p));
        ordinal = FrameCodec.ordinal(window, offset(p));
        position = p + length;
        validEnd = position;
        damagedBefore = damaged;
        if (damaged) {
          corruptRegions++;
        }
        return event;
      }
      damaged = true;
      p++;
    }
    position = limit;
    return null;
  }

  /** The length of the valid frame at {@code p}, or {@link FrameCodec#INVALID}. */
  private int frameAt(long p) throws IOException {
    int available = fill(p, FrameCodec.FRAME_HEADER_BYTES);
    int result = FrameCodec.check(window, offset(p), available, p + available >= limit);
    if (result == FrameCodec.NEED_MORE) {
      int headerBytes = FrameCodec.frameHeaderBytes(window[offset(p)]);
      if (headerBytes == FrameCodec.INVALID || available < headerBytes) {
        return FrameCodec.INVALID; // the file ends before the limit: shorter than believed
      }
      int needed =
          headerBytes
              + Short.toUnsignedInt(ByteBuffer.wrap(window).getShort(offset(p) + 2))
              + ByteBuffer.wrap(window).getInt(offset(p) + 4);
      available = fill(p, needed);
      result = FrameCodec.check(window, offset(p), available, true);
    }
    return result;
  }

  private int offset(long p) {
    return (int) (p - windowStart);
  }

  /** Makes at least {@code n} bytes from {@code p} (or up to the limit) sit in the window. */
  private int fill(long p, int n) throws IOException {
    long wanted = Math.min(n, limit - p);
    if (p >= windowStart && p + wanted <= windowStart + windowLength) {
      return (int) (windowStart + windowLength - p);
    }
    if (n > window.length) {
      window = new byte[Math.max(n, window.length * 2)];
    }
    int toRead = (int) Math.min(window.length, limit - p);
    ByteBuffer buf = ByteBuffer.wrap(window, 0, toRead);
    long at = p;
    while (buf.hasRemaining()) {
      int read = channel.read(buf, at);
      if (read < 0) {
        break;
      }
      at += read;
    }
    windowStart = p;
    windowLength = buf.position();
    return windowLength;
  }
}
