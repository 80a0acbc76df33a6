package dev.hydrant;

import java.util.Locale;

/**
 * How each Firehose record's bytes are encoded: {@link #NONE} (NDJSON lines as they are) or gzip
 * ({@link #GZIP}, {@link #gzip(int)}).
 *
 * <p>With gzip, every record is one complete gzip member (RFC 1952) holding whole NDJSON lines.
 * Firehose bills and stores the compressed bytes, and concatenates records into S3 objects; a
 * concatenation of gzip members is itself a valid gzip file, so each object decompresses (with
 * {@code zcat}, {@link java.util.zip.GZIPInputStream}, Athena) to exactly the lines that were sent.
 * The delivery stream's S3 destination should then name objects {@code .gz} (the infra's {@code
 * compression=gzip} context option does that); otherwise Athena reads them as plain text.
 *
 * <p>Limits apply to the compressed bytes: a record is at most {@code recordMaxBytes} compressed, a
 * batch at most {@code batchMaxBytes} compressed. Compression runs on the sender thread; {@code
 * send()} costs the same either way. What is stored in the disk spool is the same either way too.
 *
 * <p>Immutable value; equal when the algorithm and level are.
 */
public final class Compression {
  /**
   * The gzip level {@link #GZIP} uses: {@value}, chosen by measurement (see docs/benchmarks.md).
   */
  public static final int DEFAULT_GZIP_LEVEL = 6;

  /** Fastest gzip level: {@value}. */
  public static final int MIN_GZIP_LEVEL = 1;

  /** Smallest-output gzip level: {@value}. */
  public static final int MAX_GZIP_LEVEL = 9;

  /** Records are the NDJSON lines as they are. The default. */
  public static final Compression NONE = new Compression(0);

  /** Each record is one gzip member at level {@value #DEFAULT_GZIP_LEVEL}. */
  public static final Compression GZIP = new Compression(DEFAULT_GZIP_LEVEL);

  private final int level;

  private Compression(int level) {
    this.level = level;
  }

  /**
   * Reads the text form used in properties files, environment variables and command lines: {@code
   * none}, {@code gzip} (level {@value #DEFAULT_GZIP_LEVEL}) or {@code gzip:LEVEL}, any case.
   *
   * @param text the text form
   * @return the compression it names
   * @throws IllegalArgumentException naming the text and the allowed forms, or the level and its
   *     range
   */
  public static Compression parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("none")) {
      return NONE;
    }
    if (t.equals("gzip")) {
      return GZIP;
    }
    if (t.startsWith("gzip:")
        && t.length() > 5
        && t.length() <= 7
        && t.substring(5).chars().allMatch(Character::isDigit)) {
      return gzip(Integer.parseInt(t.substring(5)));
    }
    throw new IllegalArgumentException(
        "compression must be none, gzip or gzip:LEVEL (1 to 9): \"" + text + "\"");
  }

  /**
   * Each record is one gzip member at this level.
   *
   * @param level {@value #MIN_GZIP_LEVEL} (fastest) to {@value #MAX_GZIP_LEVEL} (smallest)
   * @return the compression at that level ({@link #GZIP} for {@value #DEFAULT_GZIP_LEVEL})
   * @throws IllegalArgumentException naming {@code level}, its value and the allowed range
   */
  public static Compression gzip(int level) {
    if (level < MIN_GZIP_LEVEL || level > MAX_GZIP_LEVEL) {
      throw new IllegalArgumentException(
          "gzip level must be between " + MIN_GZIP_LEVEL + " and " + MAX_GZIP_LEVEL + ": " + level);
    }
    return level == DEFAULT_GZIP_LEVEL ? GZIP : new Compression(level);
  }

  /** {@return whether records are gzip members} */
  public boolean isGzip() {
    return level > 0;
  }

  /**
   * {@return the gzip level, {@value #MIN_GZIP_LEVEL} to {@value #MAX_GZIP_LEVEL}; 0 for {@link
   * #NONE}}
   */
  public int level() {
    return level;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Compression c && c.level == level;
  }

  @Override
  public int hashCode() {
    return level;
  }

  /** {@code NONE} or {@code GZIP(level=6)}. */
  @Override
  public String toString() {
    return level == 0 ? "NONE" : "GZIP(level=" + level + ")";
  }
}
