package dev.hydrant.testkit;

/**
 * One object the emulated S3 destination received.
 *
 * @param key the object key, {@code <prefix>YYYY/MM/DD/HH/<stream>-1-YYYY-MM-DD-HH-MM-SS-<uuid>}
 * @param size the object size in bytes
 * @param content the bytes (the concatenated records, no delimiter added), or empty unless the
 *     retention is {@link Retention#ALL}
 */
public record S3Object(String key, long size, byte[] content) {

  @Override
  public String toString() {
    return "S3Object{key=" + key + ", size=" + size + '}';
  }
}
