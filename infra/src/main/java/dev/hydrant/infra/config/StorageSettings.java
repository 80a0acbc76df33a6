package dev.hydrant.infra.config;

import java.util.regex.Pattern;

/**
 * The telemetry bucket. It is always encrypted (SSE-S3), blocks all public access and denies
 * non-TLS requests; these are not options.
 *
 * @param bucketName context {@code bucketName}: an explicit S3 bucket name, or {@code null} to let
 *     CloudFormation generate a unique one (default)
 * @param bucketVersioned context {@code bucketVersioned}: keep object versions (default {@value
 *     #DEFAULT_VERSIONED})
 * @param bucketRetainOnDelete context {@code bucketRetainOnDelete}: keep the bucket and its data
 *     when the stack is destroyed (default {@value #DEFAULT_RETAIN_ON_DELETE}); when false,
 *     CloudFormation deletes the bucket, which fails unless it is empty
 */
public record StorageSettings(
    String bucketName, boolean bucketVersioned, boolean bucketRetainOnDelete) {

  /** Default of {@code bucketVersioned}. */
  public static final boolean DEFAULT_VERSIONED = false;

  /** Default of {@code bucketRetainOnDelete}. */
  public static final boolean DEFAULT_RETAIN_ON_DELETE = true;

  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** Validates the bucket name against the S3 naming rules. */
  public StorageSettings {
    if (bucketName != null && !BUCKET_NAME.matcher(bucketName).matches()) {
      throw new IllegalArgumentException(
          "bucketName must be 3-63 lower-case letters, digits, '.' or '-', was '"
              + bucketName
              + "'");
    }
  }

  /** Reads the settings from context, applying the defaults. */
  public static StorageSettings fromContext(ContextValues context) {
    return new StorageSettings(
        context.optionalString("bucketName"),
        context.bool("bucketVersioned", DEFAULT_VERSIONED),
        context.bool("bucketRetainOnDelete", DEFAULT_RETAIN_ON_DELETE));
  }
}
