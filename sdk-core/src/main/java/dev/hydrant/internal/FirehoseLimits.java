package dev.hydrant.internal;

import java.util.regex.Pattern;

/**
 * The service limits Hydrant's wire format must respect, in one place: Firehose's (records,
 * batches, stream names) and API Gateway's (request payload). Not API.
 */
public final class FirehoseLimits {
  /** Largest Firehose record, raw bytes before base64: {@value}. */
  public static final int MAX_RECORD_BYTES = 1_024_000;

  /** Most records in one {@code PutRecordBatch}: {@value}. */
  public static final int MAX_BATCH_RECORDS = 500;

  /** Largest {@code PutRecordBatch}, raw bytes (4 MiB): {@value}. */
  public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  /** API Gateway's request payload cap, bytes: {@value}. */
  public static final int MAX_BODY_BYTES = 10_000_000;

  /** Firehose's delivery stream name rule: 1 to 64 of {@code [a-zA-Z0-9_.-]}. */
  public static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

  private FirehoseLimits() {}
}
