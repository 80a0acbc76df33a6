package dev.hydrant.internal.codec;

import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds gzip members (RFC 1952) one whole line at a time, compressing each line once, and knows at
 * every step an upper bound of the member's final size, so that a caller can close a member before
 * it passes a limit without compressing anything twice.
 *
 * <p>The bound: the exact compressed size at the last sync flush, plus {@link #segmentBound} of the
 * input given since, plus the final block and the trailer. Deflate never writes a block larger than
 * its stored form plus a 5-byte header (it picks the stored form when that is smaller), and zlib
 * ends a block at least every 16,383 symbols, so {@code n + n/256 + 64} covers any {@code n} input
 * bytes with a wide margin. When a line would push the bound past the limit, the member is
 * sync-flushed (an empty stored block, 5 bytes; compression state and window are kept) so that the
 * bound restarts from an exact size; only if the line still does not fit is the member closed.
 *
 * <p>The header is the minimal one ({@code 1f 8b 08 00 00000000 00 ff}: no name, no time, OS
 * unknown), so the same lines at the same level always give the same bytes. Not thread-safe; reused
 * member after member. Holds a {@link Deflater} (native memory, freed by {@link #close()} or by the
 * garbage collector).
 */
final class GzipMember implements AutoCloseable {
  /** The gzip header: magic, CM=deflate, no flags, MTIME 0, no XFL, OS 255 (unknown). */
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  /** CRC-32 and ISIZE, little-endian: {@value} bytes. */
  static final int TRAILER_BYTES = 8;

  /** The most the final (empty, fixed-Huffman) block and its padding add after a flush. */
  static final int FINISH_BYTES = 8;

  /** Bytes a member adds around its deflate segments, whatever they hold. */
  static final int FIXED_BYTES = 10 + FINISH_BYTES + TRAILER_BYTES;

  /** An output buffer that grew past this for a large member is dropped after it. */
  private static final int MAX_RETAINED_BUFFER = 256 * 1024;

  private static final int INITIAL_BUFFER = 16 * 1024;

  private final Deflater deflater;
  private final CRC32 crc = new CRC32();
  private byte[] out = new byte[INITIAL_BUFFER];
  private int outLength;
  private int flushedLength;
  private long pendingInput;
  private long rawBytes;
  private int lines;

  /**
   * @param level deflate level, 1 to 9
   */
  GzipMember(int level) {
    this.deflater = new Deflater(level, true);
    start();
  }

  /**
   * An upper bound of the deflate output for {@code n} input bytes between two flush points (or a
   * flush point and the end), including the flush's empty block.
   */
  static long segmentBound(long n) {
    return n + (n >> 8) + 64;
  }

  /** The largest line a member limited to {@code limitBytes} always fits, alone. */
  static int maxLineBytes(int limitBytes) {
    long n = Math.max(0, limitBytes - FIXED_BYTES - 64 - (limitBytes >> 8));
    while (FIXED_BYTES + segmentBound(n + 1) <= limitBytes) {
      n++;
    }
    while (n > 0 && FIXED_BYTES + segmentBound(n) > limitBytes) {
      n--;
    }
    return (int) n;
  }

  /** Lines in the member being built. */
  int lines() {
    return lines;
  }

  /** Uncompressed bytes in the member being built. */
  long rawBytes() {
    return rawBytes;
  }

  /** The most bytes the member would have, finished, with {@code more} input bytes added. */
  long boundWith(long more) {
    return flushedLength + segmentBound(pendingInput + more) + FINISH_BYTES + TRAILER_BYTES;
  }

  /**
   * Adds a whole line if the finished member is certain to stay within {@code limitBytes}.
   *
   * @return {@code false}, with nothing added, if it might not fit (a member with no line yet
   *     always takes the line; the caller keeps lines within {@link #maxLineBytes})
   */
  boolean add(byte[] line, int limitBytes) {
    if (lines > 0 && boundWith(line.length) > limitBytes) {
      if (pendingInput > 0) {
        // The bound on unflushed input is loose; a sync flush makes the size so far exact.
        deflate(Deflater.SYNC_FLUSH, new byte[0]);
        flushedLength = outLength;
        pendingInput = 0;
      }
      if (boundWith(line.length) > limitBytes) {
        return false;
      }
    }
    deflate(Deflater.NO_FLUSH, line);
    crc.update(line, 0, line.length);
    pendingInput += line.length;
    rawBytes += line.length;
    lines++;
    return true;
  }

  /** Ends the member and returns its bytes; the next {@link #add} starts a new member. */
  byte[] finish() {
    deflater.finish();
    while (!deflater.finished()) {
      ensure(64);
      outLength += deflater.deflate(out, outLength, out.length - outLength);
    }
    ensure(TRAILER_BYTES);
    putIntLe((int) crc.getValue());
    putIntLe((int) rawBytes);
    byte[] member = Arrays.copyOf(out, outLength);
    if (out.length > MAX_RETAINED_BUFFER) {
      out = new byte[INITIAL_BUFFER];
    }
    start();
    return member;
  }

  @Override
  public void close() {
    deflater.end();
  }

  /** Drops the member being built, if any, and starts a new one. */
  void reset() {
    start();
  }

  private void start() {
    deflater.reset();
    crc.reset();
    System.arraycopy(HEADER, 0, out, 0, HEADER.length);
    outLength = HEADER.length;
    flushedLength = outLength;
    pendingInput = 0;
    rawBytes = 0;
    lines = 0;
  }

  private void deflate(int flush, byte[] input) {
    deflater.setInput(input);
    while (true) {
      ensure(Math.max(64, input.length / 4));
      int n = deflater.deflate(out, outLength, out.length - outLength, flush);
      outLength += n;
      // Done once all input is taken and, for a flush, the output did not fill the space given.
      if (deflater.needsInput() && outLength < out.length) {
        return;
      }
    }
  }

  private void ensure(int more) {
    if (outLength + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more));
    }
  }

  private void putIntLe(int v) {
    out[outLength++] = (byte) v;
    out[outLength++] = (byte) (v >>> 8);
    out[outLength++] = (byte) (v >>> 16);
    out[outLength++] = (byte) (v >>> 24);
  }
}
