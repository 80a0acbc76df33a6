package dev.hydrant.infra.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Firehose DirectPut delivery stream to the telemetry bucket.
 *
 * @param streamName context {@code streamName}, default {@value #DEFAULT_STREAM_NAME}; the name
 *     clients put in {@code DeliveryStreamName}
 * @param bufferIntervalSeconds context {@code bufferIntervalSeconds}, 0..900, default {@value
 *     #DEFAULT_BUFFER_INTERVAL_SECONDS}
 * @param bufferSizeMiB context {@code bufferSizeMiB}, 1..128, default {@value
 *     #DEFAULT_BUFFER_SIZE_MIB}
 * @param prefix context {@code prefix}, the S3 key prefix, default {@value #DEFAULT_PREFIX}
 * @param errorOutputPrefix context {@code errorOutputPrefix}, default {@value
 *     #DEFAULT_ERROR_OUTPUT_PREFIX}; must contain {@code !{firehose:error-output-type}} so that
 *     failed deliveries of different kinds do not collide
 * @param gzip context {@code gzip}: compress objects with GZIP before writing them to S3 (default
 *     {@value #DEFAULT_GZIP}); for plain records only
 * @param compression context {@code compression}: how devices encode records, {@code none}
 *     (default) or {@code gzip}; {@code gzip} names objects {@code .ndjson.gz} and requires every
 *     client to send gzip records; it cannot be combined with {@code gzip=true}, which would
 *     compress the compressed records again
 * @param streamEncryption context {@code streamEncryption}: server-side encryption of the stream
 *     with an AWS-owned key (default {@value #DEFAULT_STREAM_ENCRYPTION})
 */
public record DeliverySettings(
    String streamName,
    int bufferIntervalSeconds,
    int bufferSizeMiB,
    String prefix,
    String errorOutputPrefix,
    boolean gzip,
    RecordCompression compression,
    boolean streamEncryption) {

  /** Default of {@code streamName}. */
  public static final String DEFAULT_STREAM_NAME = "hydrant-telemetry";

  /** Default of {@code bufferIntervalSeconds}. */
  public static final int DEFAULT_BUFFER_INTERVAL_SECONDS = 60;

  /** Default of {@code bufferSizeMiB}. */
  public static final int DEFAULT_BUFFER_SIZE_MIB = 5;

  /** Default of {@code prefix}: Hive-style time partitions, evaluated in UTC by Firehose. */
  public static final String DEFAULT_PREFIX =
      "telemetry/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

  /** Default of {@code errorOutputPrefix}. */
  public static final String DEFAULT_ERROR_OUTPUT_PREFIX =
      "telemetry-errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";

  /** Default of {@code gzip}. */
  public static final boolean DEFAULT_GZIP = false;

  /** Default of {@code streamEncryption}. */
  public static final boolean DEFAULT_STREAM_ENCRYPTION = true;

  /** The Firehose stream name rule (API reference, {@code DeliveryStreamName}). */
  public static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

  private static final String ERROR_TYPE_EXPRESSION = "!{firehose:error-output-type}";

  /** Validates every value against the Firehose limits. */
  public DeliverySettings {
    requireNonNull(streamName, "streamName");
    requireNonNull(prefix, "prefix");
    requireNonNull(errorOutputPrefix, "errorOutputPrefix");
    requireNonNull(compression, "compression");
    if (gzip && compression != RecordCompression.NONE) {
      throw new IllegalArgumentException(
          "gzip=true and compression="
              + compression.name().toLowerCase(Locale.ROOT)
              + " cannot be combined: the records are already gzip, Firehose would compress them"
              + " again and readers would see gzip inside gzip; keep gzip=false");
    }
    if (!STREAM_NAME.matcher(streamName).matches()) {
      throw new IllegalArgumentException(
          "streamName must match " + STREAM_NAME.pattern() + ", was '" + streamName + "'");
    }
    if (bufferIntervalSeconds < 0 || bufferIntervalSeconds > 900) {
      throw new IllegalArgumentException(
          "bufferIntervalSeconds must be in [0, 900], was " + bufferIntervalSeconds);
    }
    if (bufferSizeMiB < 1 || bufferSizeMiB > 128) {
      throw new IllegalArgumentException("bufferSizeMiB must be in [1, 128], was " + bufferSizeMiB);
    }
    checkPrefix("prefix", prefix);
    checkPrefix("errorOutputPrefix", errorOutputPrefix);
    if (!errorOutputPrefix.contains(ERROR_TYPE_EXPRESSION)) {
      throw new IllegalArgumentException(
          "errorOutputPrefix must contain "
              + ERROR_TYPE_EXPRESSION
              + ", was '"
              + errorOutputPrefix
              + "'");
    }
  }

  private static void checkPrefix(String name, String value) {
    if (value.isEmpty() || value.length() > 1024 || value.startsWith("/")) {
      throw new IllegalArgumentException(
          name + " must be 1-1024 characters not starting with '/', was '" + value + "'");
    }
  }

  /** Reads the settings from context, applying the defaults. */
  public static DeliverySettings fromContext(ContextValues context) {
    return new DeliverySettings(
        context.string("streamName", DEFAULT_STREAM_NAME),
        context.integer("bufferIntervalSeconds", DEFAULT_BUFFER_INTERVAL_SECONDS, 0, 900),
        context.integer("bufferSizeMiB", DEFAULT_BUFFER_SIZE_MIB, 1, 128),
        context.string("prefix", DEFAULT_PREFIX),
        context.string("errorOutputPrefix", DEFAULT_ERROR_OUTPUT_PREFIX),
        context.bool("gzip", DEFAULT_GZIP),
        context.enumValue("compression", RecordCompression.class, RecordCompression.NONE),
        context.bool("streamEncryption", DEFAULT_STREAM_ENCRYPTION));
  }
}
