package dev.hydrant.internal.transport;

import dev.hydrant.Route;
import dev.hydrant.internal.FirehoseLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Writes the proxy's JSON request bodies straight into one exactly sized byte array (no String of
 * the body, no growing buffer). Data is base64 with {@link Base64#getEncoder()} (standard alphabet,
 * padded, no line breaks: the proxy's VTL template pastes it unescaped into a JSON string).
 *
 * <ul>
 *   <li>{@link Route#SINGLE}: {@code {"DeliveryStreamName":"...","Data":"<b64>"}}
 *   <li>{@link Route#BATCH}: {@code {"DeliveryStreamName":"...","Records":[{"Data":"<b64>"},...]}}
 * </ul>
 *
 * <p>Limits are checked on raw bytes before encoding; a violation throws {@link
 * IllegalArgumentException} naming the limit. Stateless and thread-safe.
 */
public final class RequestBodies {
  /** Firehose's maximum raw size of one record: {@value} bytes. */
  public static final int MAX_RECORD_BYTES = FirehoseLimits.MAX_RECORD_BYTES;

  /** Firehose's maximum number of records per batch: {@value}. */
  public static final int MAX_BATCH_RECORDS = FirehoseLimits.MAX_BATCH_RECORDS;

  /** Maximum raw size of a whole batch (Firehose's 4 MiB): {@value} bytes. */
  public static final int MAX_BATCH_RAW_BYTES = FirehoseLimits.MAX_BATCH_BYTES;

  /** API Gateway's payload limit: {@value} bytes. */
  public static final int MAX_BODY_BYTES = FirehoseLimits.MAX_BODY_BYTES;

  static final byte[] DATA_FIELD = ascii("\",\"Data\":\"");
  static final byte[] RECORDS_OPEN = ascii("\",\"Records\":[");
  static final byte[] RECORD_OPEN = ascii("{\"Data\":\"");
  static final byte[] RECORD_CLOSE = ascii("\"}");
  static final byte[] NAME_OPEN = ascii("{\"DeliveryStreamName\":\"");

  private RequestBodies() {}

  /**
   * The exact size of the body {@link #write} would produce (and {@link #stream} streams), after
   * the same checks.
   *
   * @throws IllegalArgumentException as {@link #write}
   */
  public static long size(Route route, String stream, List<byte[]> records) {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(records, "records");
    if (stream == null || !FirehoseLimits.STREAM_NAME.matcher(stream).matches()) {
      throw new IllegalArgumentException(
          "deliveryStream must match " + FirehoseLimits.STREAM_NAME + ": '" + stream + "'");
    }
    long raw = 0;
    long encoded = 0;
    for (int i = 0; i < records.size(); i++) {
      byte[] r = Objects.requireNonNull(records.get(i), "record " + i);
      if (r.length > MAX_RECORD_BYTES) {
        throw new IllegalArgumentException(
            "record "
                + i
                + " has "
                + r.length
                + " bytes, more than the Firehose record limit of "
                + MAX_RECORD_BYTES
                + " raw bytes");
      }
      raw += r.length;
      encoded += 4L * ((r.length + 2) / 3);
    }
    byte[] name = ascii(stream);
    long size;
    if (route == Route.SINGLE) {
      if (records.size() != 1) {
        throw new IllegalArgumentException(
            "the SINGLE route sends exactly 1 record, got " + records.size());
      }
      size = NAME_OPEN.length + name.length + DATA_FIELD.length + encoded + 2;
    } else {
      if (records.isEmpty() || records.size() > MAX_BATCH_RECORDS) {
        throw new IllegalArgumentException(
            "a batch holds 1.." + MAX_BATCH_RECORDS + " records, got " + records.size());
      }
      if (raw > MAX_BATCH_RAW_BYTES) {
        throw new IllegalArgumentException(
            "batch has "
                + raw
                + " raw bytes, more than the Firehose batch limit of "
                + MAX_BATCH_RAW_BYTES);
      }
      int n = records.size();
      size =
          NAME_OPEN.length
              + name.length
              + RECORDS_OPEN.length
              + (long) n * (RECORD_OPEN.length + RECORD_CLOSE.length)
              + (n - 1)
              + encoded
              + 2;
    }
    if (size > MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "request body would have " + size + " bytes, more than the limit of " + MAX_BODY_BYTES);
    }
    return size;
  }

  /**
   * The body for {@code records} on {@code route}.
   *
   * @throws IllegalArgumentException if the stream name is invalid, a record exceeds {@value
   *     #MAX_RECORD_BYTES} bytes, a SINGLE request has other than one record, a batch has 0 or more
   *     than {@value #MAX_BATCH_RECORDS} records or more than {@value #MAX_BATCH_RAW_BYTES} raw
   *     bytes, or the body would exceed {@value #MAX_BODY_BYTES} bytes
   */
  public static byte[] write(Route route, String stream, List<byte[]> records) {
    long size = size(route, stream, records);
    byte[] name = ascii(stream);
    ArrayOutput out = new ArrayOutput(new byte[(int) size]);
    out.write(NAME_OPEN);
    out.write(name);
    if (route == Route.SINGLE) {
      out.write(DATA_FIELD);
      out.base64(records.get(0));
      out.write('"');
    } else {
      out.write(RECORDS_OPEN);
      for (int i = 0; i < records.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(RECORD_OPEN);
        out.base64(records.get(i));
        out.write(RECORD_CLOSE);
      }
      out.write(']');
    }
    out.write('}');
    if (out.pos != out.buf.length) {
      throw new IllegalStateException("body size miscomputed: " + out.pos + " != " + size);
    }
    return out.buf;
  }

  /**
   * The same body as {@link #write}, produced while it is read, a few tens of KiB at a time, so
   * that no body-sized array is ever held (a 4 MiB batch is a 5.6 MB body). Checks as {@link
   * #size}; the stream yields exactly {@code size(route, stream, records)} bytes.
   *
   * @throws IllegalArgumentException as {@link #write}
   */
  public static InputStream stream(Route route, String stream, List<byte[]> records) {
    size(route, stream, records);
    return new BodyStream(route, ascii(stream), records);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** An OutputStream over a fixed array, so the JDK encoder writes straight into the body. */
  private static final class ArrayOutput extends OutputStream {
    private final byte[] buf;
    private int pos;

    ArrayOutput(byte[] buf) {
      this.buf = buf;
    }

    @Override
    public void write(int b) {
      buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, buf, pos, len);
      pos += len;
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    @Override
    public void close() {
      // the array outlives the encoder stream that closes us
    }

    /** Input bytes per encoding chunk: a multiple of 3, so chunks need no padding. */
    private static final int CHUNK = BodyStream.CHUNK;

    private byte[] chunkIn;
    private byte[] chunkOut;

    /**
     * Appends {@code data} base64-encoded. Encodes in chunks through two small scratch arrays:
     * faster than the JDK's wrapping stream and without a body-sized temporary array.
     */
    void base64(byte[] data) {
      Base64.Encoder encoder = Base64.getEncoder();
      if (data.length <= CHUNK) {
        byte[] encoded = encoder.encode(data);
        System.arraycopy(encoded, 0, buf, pos, encoded.length);
        pos += encoded.length;
        return;
      }
      if (chunkIn == null) {
        chunkIn = new byte[CHUNK];
        chunkOut = new byte[CHUNK / 3 * 4];
      }
      int off = 0;
      while (off < data.length) {
        int n = Math.min(CHUNK, data.length - off);
        byte[] src = n == CHUNK ? chunkIn : new byte[n];
        byte[] dst = n == CHUNK ? chunkOut : new byte[4 * ((n + 2) / 3)];
        System.arraycopy(data, off, src, 0, n);
        int written = encoder.encode(src, dst);
        System.arraycopy(dst, 0, buf, pos, written);
        pos += written;
        off += n;
      }
    }
  }
}
