package dev.hydrant.infra.config;

import java.util.regex.Pattern;

/**
 * The Glue database and table over the telemetry, and the Athena workgroup.
 *
 * @param database context {@code glueDatabase}, default {@value #DEFAULT_DATABASE}
 * @param table context {@code glueTable}, default {@value #DEFAULT_TABLE}
 * @param workGroup context {@code athenaWorkGroup}, default {@value #DEFAULT_WORK_GROUP}
 * @param resultExpirationDays context {@code queryResultExpirationDays}: delete query results after
 *     this many days, in [1, 3650] (default {@value #DEFAULT_RESULT_EXPIRATION_DAYS})
 * @param bytesScannedCutoff context {@code athenaBytesScannedCutoff}: cancel a query of the
 *     workgroup that scans more bytes, at least 10,000,000 (default {@value
 *     #DEFAULT_BYTES_SCANNED_CUTOFF}, 1 TB)
 */
public record QuerySettings(
    String database,
    String table,
    String workGroup,
    int resultExpirationDays,
    long bytesScannedCutoff) {

  /** Default of {@code glueDatabase}. */
  public static final String DEFAULT_DATABASE = "hydrant";

  /** Default of {@code glueTable}. */
  public static final String DEFAULT_TABLE = "events";

  /** Default of {@code athenaWorkGroup}. */
  public static final String DEFAULT_WORK_GROUP = "hydrant";

  /** Default of {@code queryResultExpirationDays}. */
  public static final int DEFAULT_RESULT_EXPIRATION_DAYS = 30;

  /** Default of {@code athenaBytesScannedCutoff}. */
  public static final long DEFAULT_BYTES_SCANNED_CUTOFF = 1_000_000_000_000L;

  /** Athena's smallest per-query cutoff. */
  public static final long MIN_BYTES_SCANNED_CUTOFF = 10_000_000L;

  private static final Pattern GLUE_NAME = Pattern.compile("[a-z0-9_]{1,255}");
  private static final Pattern WORK_GROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");

  /** Validates the names and limits. */
  public QuerySettings {
    check("glueDatabase", database, GLUE_NAME);
    check("glueTable", table, GLUE_NAME);
    check("athenaWorkGroup", workGroup, WORK_GROUP);
    if (resultExpirationDays < 1 || resultExpirationDays > 3650) {
      throw new IllegalArgumentException(
          "queryResultExpirationDays must be in [1, 3650], was " + resultExpirationDays);
    }
    if (bytesScannedCutoff < MIN_BYTES_SCANNED_CUTOFF) {
      throw new IllegalArgumentException(
          "athenaBytesScannedCutoff must be at least "
              + MIN_BYTES_SCANNED_CUTOFF
              + ", was "
              + bytesScannedCutoff);
    }
  }

  private static void check(String name, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name + " must match " + pattern.pattern() + ", was '" + value + "'");
    }
  }

  /** Reads the settings from context, applying the defaults. */
  public static QuerySettings fromContext(ContextValues context) {
    String cutoff = context.optionalString("athenaBytesScannedCutoff");
    long bytes;
    try {
      bytes = cutoff == null ? DEFAULT_BYTES_SCANNED_CUTOFF : Long.parseLong(cutoff);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "context 'athenaBytesScannedCutoff' must be an integer, was '" + cutoff + "'", e);
    }
    return new QuerySettings(
        context.string("glueDatabase", DEFAULT_DATABASE),
        context.string("glueTable", DEFAULT_TABLE),
        context.string("athenaWorkGroup", DEFAULT_WORK_GROUP),
        context.integer("queryResultExpirationDays", DEFAULT_RESULT_EXPIRATION_DAYS, 1, 3650),
        bytes);
  }
}
