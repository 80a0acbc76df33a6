package dev.hydrant.testkit;

import dev.hydrant.testkit.internal.GzipData;
import java.nio.charset.StandardCharsets;

/**
 * One object the emulated S3 destination received.
 *
 * @param key the object key, {@code
 *     <prefix>YYYY/MM/DD/HH/<stream>-1-YYYY-MM-DD-HH-MM-SS-<uuid><extension>}
 * @param size the object size in bytes
 * @param content the bytes (the concatenated records, no delimiter added: a multi-member gzip file
 *     when the records are gzip), or empty unless the retention is {@link Retention#ALL}
 */
public record S3Object(String key, long size, byte[] content) {

  /**
   * The content as UTF-8 text, decompressed if it is gzip: the NDJSON lines of every record.
   *
   * @return the decoded text; empty when the content was not retained
   * @throws java.io.UncheckedIOException if the content starts like gzip but is not valid gzip
   */
  public String text() {
    return new String(GzipData.decode(content), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "S3Object{key=" + key + ", size=" + size + '}';
  }
}
