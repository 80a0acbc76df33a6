package dev.hydrant.testkit.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Recognises and decodes gzip data (one member or many concatenated, RFC 1952) as clients send it
 * in records and as S3 objects hold it. NDJSON never starts with the gzip magic ({@code 1f 8b}), so
 * the check cannot confuse the two.
 */
public final class GzipData {
  private GzipData() {}

  /** Whether {@code data} starts with the gzip magic bytes. */
  public static boolean isGzip(byte[] data) {
    return data.length >= 2 && data[0] == (byte) 0x1f && data[1] == (byte) 0x8b;
  }

  /**
   * The decompressed bytes of every member, concatenated, if {@code data} is gzip; else {@code
   * data} itself.
   *
   * @throws UncheckedIOException if {@code data} starts like gzip but is not valid gzip
   */
  public static byte[] decode(byte[] data) {
    if (!isGzip(data)) {
      return data;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("data starts like gzip but is not valid gzip: " + e, e);
    }
  }
}
