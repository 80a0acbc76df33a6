package dev.hydrant.infra.config;

/**
 * How the devices encode each Firehose record, which decides how the objects Firehose writes must
 * be named for readers to decode them. Context {@code compression}: {@code none} or {@code gzip}.
 */
public enum RecordCompression {
  /** Records are plain NDJSON lines: objects are plain text, with Firehose's default name. */
  NONE(null),
  /**
   * Records are gzip members (clients built with {@code Compression.GZIP}): each object is a
   * multi-member gzip file, named {@code .ndjson.gz} so that Athena, Glue and {@code zcat} decode
   * it. Every client sending to the stream must then compress.
   */
  GZIP(".ndjson.gz");

  private final String fileExtension;

  RecordCompression(String fileExtension) {
    this.fileExtension = fileExtension;
  }

  /** The S3 object file extension Firehose appends, or {@code null} for Firehose's default. */
  public String fileExtension() {
    return fileExtension;
  }
}
