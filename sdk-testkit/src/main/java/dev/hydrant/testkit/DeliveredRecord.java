package dev.hydrant.testkit;

import dev.hydrant.testkit.internal.GzipData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One record Firehose accepted.
 *
 * @param stream the delivery stream name
 * @param recordId the opaque id returned to the caller
 * @param data the record bytes after base64 decoding, as Firehose stores them: NDJSON lines, or one
 *     gzip member holding them when the client compresses (not copied: do not modify)
 * @param arrival when the emulator accepted it
 */
public record DeliveredRecord(String stream, String recordId, byte[] data, Instant arrival) {

  /** {@return whether the record is gzip data (a client with gzip compression sent it)} */
  public boolean gzip() {
    return GzipData.isGzip(data);
  }

  /**
   * The record's lines as bytes: {@link #data()} decompressed if it is gzip, else {@link #data()}
   * itself.
   *
   * @return the record's lines as bytes
   * @throws java.io.UncheckedIOException if the record starts like gzip but is not valid gzip
   */
  public byte[] decoded() {
    return GzipData.decode(data);
  }

  /**
   * {@return the {@linkplain #decoded() decoded} data as UTF-8 text: the same lines whether or not
   * the client compressed them}
   */
  public String text() {
    return new String(decoded(), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DeliveredRecord{stream="
        + stream
        + ", bytes="
        + data.length
        + ", arrival="
        + arrival
        + '}';
  }
}
