package dev.hydrant.internal.transport;

import dev.hydrant.Route;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A request body generated while it is read (see {@link RequestBodies#stream}): the envelope, then
 * each record's data base64-encoded in chunks of {@value #CHUNK} input bytes through two scratch
 * arrays, so that at most one encoded chunk is held at a time and a full chunk allocates nothing.
 * Not thread-safe; one reader.
 */
final class BodyStream extends InputStream {
  /**
   * Input bytes per base64 chunk: a multiple of 3, so chunks need no padding but the last. Small on
   * purpose: 4 KiB out is what the HTTP client copies per read, and many short calls make the JIT
   * compile the JDK's encoder with its vectorized intrinsic within the first seconds, where a few
   * long calls would leave it in a slower compiled loop for minutes.
   */
  static final int CHUNK = 3 * 1024;

  private static final byte[] COMMA = {','};
  private static final byte[] QUOTE = {'"'};
  private static final byte[] BATCH_TAIL = {']', '}'};
  private static final byte[] SINGLE_TAIL = {'}'};

  private final Route route;
  private final List<byte[]> records;
  private byte[] segment;
  private int pos;

  /** What comes next: -1 the head; else the record index, its offset, or the tail. */
  private int record = -1;

  private int offset;
  private byte[] chunkIn;
  private byte[] chunkOut;
  private boolean opened;
  private boolean done;

  BodyStream(Route route, byte[] name, List<byte[]> records) {
    this.route = route;
    this.records = records;
    byte[] open = RequestBodies.NAME_OPEN;
    byte[] after = route == Route.SINGLE ? RequestBodies.DATA_FIELD : RequestBodies.RECORDS_OPEN;
    byte[] head = Arrays.copyOf(open, open.length + name.length + after.length);
    System.arraycopy(name, 0, head, open.length, name.length);
    System.arraycopy(after, 0, head, open.length + name.length, after.length);
    this.segment = head;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (segment == null || pos == segment.length) {
      if (!advance()) {
        return -1;
      }
    }
    int n = Math.min(len, segment.length - pos);
    System.arraycopy(segment, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Moves to the next non-empty segment; {@code false} at the end. */
  private boolean advance() {
    pos = 0;
    if (done) {
      segment = null;
      return false;
    }
    if (record < 0) {
      record = 0;
    }
    if (record == records.size()) {
      segment = route == Route.SINGLE ? SINGLE_TAIL : BATCH_TAIL;
      done = true;
      return true;
    }
    byte[] data = records.get(record);
    if (!opened) {
      opened = true;
      offset = 0;
      if (route == Route.SINGLE) {
        segment = new byte[0];
      } else {
        segment = record == 0 ? RequestBodies.RECORD_OPEN : join(COMMA, RequestBodies.RECORD_OPEN);
      }
      return true;
    }
    if (offset < data.length) {
      int n = Math.min(CHUNK, data.length - offset);
      if (n == CHUNK) {
        if (chunkIn == null) {
          chunkIn = new byte[CHUNK];
          chunkOut = new byte[CHUNK / 3 * 4];
        }
        System.arraycopy(data, offset, chunkIn, 0, CHUNK);
        Base64.getEncoder().encode(chunkIn, chunkOut);
        segment = chunkOut;
      } else {
        segment = Base64.getEncoder().encode(Arrays.copyOfRange(data, offset, offset + n));
      }
      offset += n;
      return true;
    }
    segment = route == Route.SINGLE ? QUOTE : RequestBodies.RECORD_CLOSE;
    record++;
    opened = false;
    return true;
  }

  private static byte[] join(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
