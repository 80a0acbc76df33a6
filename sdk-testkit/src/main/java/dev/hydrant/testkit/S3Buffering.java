package dev.hydrant.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Firehose's S3 buffering hints: an object is written when a stream's buffer reaches {@code
 * sizeBytes} or when its oldest record is {@code interval} old, whichever comes first.
 *
 * @param sizeBytes buffer size in bytes, &ge; 1
 * @param interval buffer age, positive
 */
public record S3Buffering(long sizeBytes, Duration interval) {

  /** Small, frequent objects: 1 MiB or 60 s (the emulator's default). */
  public static final S3Buffering SMALL = new S3Buffering(1024 * 1024, Duration.ofSeconds(60));

  /** Firehose's defaults: 5 MiB or 300 s. */
  public static final S3Buffering FIREHOSE_DEFAULT =
      new S3Buffering(5L * 1024 * 1024, Duration.ofMinutes(5));

  /**
   * @param interval the longest time data is buffered
   * @param sizeBytes the buffer size that triggers an object
   * @throws IllegalArgumentException if a hint is not positive
   */
  public S3Buffering {
    Objects.requireNonNull(interval, "interval");
    if (sizeBytes < 1) {
      throw new IllegalArgumentException("sizeBytes must be >= 1, got " + sizeBytes);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
  }
}
