package dev.hydrant.internal.codec;

/**
 * One Firehose record: the raw (not yet base64) bytes of one or more consecutive event lines.
 *
 * @param firstLine the index, in the list given to {@link Packer#pack}, of the first line it holds
 * @param lineCount how many consecutive lines it holds, {@code >= 1}
 * @param data the concatenation of {@code lines[firstLine, firstLine + lineCount)}; for a single
 *     line this is the line's own array. Never modified by Hydrant; callers must not modify it.
 */
public record PackedRecord(int firstLine, int lineCount, byte[] data) {
  /** The raw size, in bytes, this record counts against the record and batch limits. */
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
        + "]";
  }
}
