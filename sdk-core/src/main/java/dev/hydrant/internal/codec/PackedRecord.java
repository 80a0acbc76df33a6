package dev.hydrant.internal.codec;

/**
 * One Firehose record: the raw (not yet base64) bytes of one or more consecutive event lines.
 *
 * @param firstLine the index, in the list given to {@link Packer#pack}, of the first line it holds
 * @param lineCount how many consecutive lines it holds, {@code >= 1}
 * @param data the record's bytes as sent: without compression the concatenation of {@code
 *     lines[firstLine, firstLine + lineCount)} (for a single line, the line's own array); with gzip
 *     one gzip member holding that concatenation. Never modified by Hydrant; callers must not
 *     modify it.
 * @param rawSize the uncompressed size of the lines it holds, in bytes
 */
public record PackedRecord(int firstLine, int lineCount, byte[] data, long rawSize) {
  /** An uncompressed record: its raw size is its data's size. */
  public PackedRecord(int firstLine, int lineCount, byte[] data) {
    this(firstLine, lineCount, data, data.length);
  }

  /**
   * The size, in bytes, this record counts against the record and batch limits: its data as sent
   * (compressed, with gzip), before base64.
   */
  public int size() {
    return data.length;
  }

  @Override
  public String toString() {
    return "PackedRecord[firstLine="
        + firstLine
        + ", lineCount="
        + lineCount
        + ", size="
        + data.length
        + ", rawSize="
        + rawSize
        + "]";
  }
}
