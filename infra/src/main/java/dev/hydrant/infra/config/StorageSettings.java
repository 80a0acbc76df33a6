package dev.hydrant.infra.config;

import java.util.regex.Pattern;

/**
 * The telemetry bucket and its access-log bucket. Both are always encrypted (SSE-S3), block all
 * public access and deny non-TLS requests; these are not options.
 *
 * @param bucketName context {@code bucketName}: an explicit S3 bucket name, or {@code null} to let
 *     CloudFormation generate a unique one (default)
 * @param bucketVersioned context {@code bucketVersioned}: keep object versions (default {@value
 *     #DEFAULT_VERSIONED})
 * @param bucketRetainOnDelete context {@code bucketRetainOnDelete}: keep the buckets and their data
 *     when the stack is destroyed (default {@value #DEFAULT_RETAIN_ON_DELETE}); when false,
 *     CloudFormation deletes the buckets, which fails unless they are empty
 * @param transitionDays context {@code transitionDays}: move telemetry objects to S3
 *     Intelligent-Tiering this many days after creation, 0 for never (default {@value
 *     #DEFAULT_TRANSITION_DAYS})
 * @param expirationDays context {@code expirationDays}: delete telemetry objects this many days
 *     after creation, 0 for never (default {@value #DEFAULT_EXPIRATION_DAYS}); must be greater than
 *     {@code transitionDays} when both are set
 * @param accessLogExpirationDays context {@code accessLogExpirationDays}: delete S3 server access
 *     logs after this many days (default {@value #DEFAULT_ACCESS_LOG_EXPIRATION_DAYS})
 */
public record StorageSettings(
    String bucketName,
    boolean bucketVersioned,
    boolean bucketRetainOnDelete,
    int transitionDays,
    int expirationDays,
    int accessLogExpirationDays) {

  /** Default of {@code bucketVersioned}. */
  public static final boolean DEFAULT_VERSIONED = false;

  /** Default of {@code bucketRetainOnDelete}. */
  public static final boolean DEFAULT_RETAIN_ON_DELETE = true;

  /** Default of {@code transitionDays}. */
  public static final int DEFAULT_TRANSITION_DAYS = 30;

  /** Default of {@code expirationDays}: keep telemetry until an operator decides otherwise. */
  public static final int DEFAULT_EXPIRATION_DAYS = 0;

  /** Default of {@code accessLogExpirationDays}. */
  public static final int DEFAULT_ACCESS_LOG_EXPIRATION_DAYS = 90;

  /** Largest accepted day count (100 years). */
  public static final int MAX_DAYS = 36_500;

  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** Validates the bucket name against the S3 naming rules and the lifecycle day counts. */
  public StorageSettings {
    if (bucketName != null && !BUCKET_NAME.matcher(bucketName).matches()) {
      throw new IllegalArgumentException(
          "bucketName must be 3-63 lower-case letters, digits, '.' or '-', was '"
              + bucketName
              + "'");
    }
    checkDays("transitionDays", transitionDays, 0);
    checkDays("expirationDays", expirationDays, 0);
    checkDays("accessLogExpirationDays", accessLogExpirationDays, 1);
    if (transitionDays > 0 && expirationDays > 0 && expirationDays <= transitionDays) {
      throw new IllegalArgumentException(
          "expirationDays ("
              + expirationDays
              + ") must be greater than transitionDays ("
              + transitionDays
              + ") or 0 for never");
    }
  }

  private static void checkDays(String name, int value, int min) {
    if (value < min || value > MAX_DAYS) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + MAX_DAYS + "], was " + value);
    }
  }

  /** Reads the settings from context, applying the defaults. */
  public static StorageSettings fromContext(ContextValues context) {
    return new StorageSettings(
        context.optionalString("bucketName"),
        context.bool("bucketVersioned", DEFAULT_VERSIONED),
        context.bool("bucketRetainOnDelete", DEFAULT_RETAIN_ON_DELETE),
        context.integer("transitionDays", DEFAULT_TRANSITION_DAYS, 0, MAX_DAYS),
        context.integer("expirationDays", DEFAULT_EXPIRATION_DAYS, 0, MAX_DAYS),
        context.integer(
            "accessLogExpirationDays", DEFAULT_ACCESS_LOG_EXPIRATION_DAYS, 1, MAX_DAYS));
  }
}
