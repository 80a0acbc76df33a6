package dev.hydrant.internal.spool;

import dev.hydrant.SpoolDurability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link DiskSpool}. Immutable; build with {@link #builder(Path)}.
 *
 * <p>Only the directory is required. Sizes are in bytes and count whole files on disk (frame
 * headers, acknowledged records not yet deleted).
 */
public final class SpoolConfig {
  /** Default size at which the active segment is closed and a new one started: {@value} (8 MiB). */
  public static final long DEFAULT_SEGMENT_BYTES = 8L * 1024 * 1024;

  /** Default cap on the spool's total size on disk: {@value} (64 MiB). */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** Default fsync interval of {@link dev.hydrant.SpoolDurability#GROUP_COMMIT}: {@value} ms. */
  public static final long DEFAULT_GROUP_COMMIT_MILLIS = 200;

  /** Smallest allowed segment size: {@value} bytes (64 KiB). */
  public static final long MIN_SEGMENT_BYTES = 64L * 1024;

  /** Largest allowed segment size: {@value} bytes (1 GiB); record positions are 32-bit offsets. */
  public static final long MAX_SEGMENT_BYTES = 1L << 30;

  private final Path directory;
  private final long segmentBytes;
  private final long maxBytes;
  private final Duration maxAge;
  private final SpoolDurability durability;
  private final Duration groupCommitInterval;

  private SpoolConfig(Builder b) {
    this.directory = b.directory;
    this.segmentBytes = b.segmentBytes;
    this.maxBytes = b.maxBytes;
    this.maxAge = b.maxAge;
    this.durability = b.durability;
    this.groupCommitInterval = b.groupCommitInterval;
  }

  /**
   * Starts a configuration for a spool kept in {@code directory} (created with owner-only
   * permissions if missing).
   */
  public static Builder builder(Path directory) {
    return new Builder(Objects.requireNonNull(directory, "directory"));
  }

  /** The spool's directory. */
  public Path directory() {
    return directory;
  }

  /** Size in bytes at which a segment is closed and the next one started. */
  public long segmentBytes() {
    return segmentBytes;
  }

  /** Cap on the total bytes of all segment files. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Events older than this (since acceptance) are dropped instead of sent; zero means never. */
  public Duration maxAge() {
    return maxAge;
  }

  /** When appends are forced to disk. */
  public SpoolDurability durability() {
    return durability;
  }

  /** The fsync interval of {@link dev.hydrant.SpoolDurability#GROUP_COMMIT}. */
  public Duration groupCommitInterval() {
    return groupCommitInterval;
  }

  @Override
  public String toString() {
    return "SpoolConfig{directory="
        + directory
        + ", segmentBytes="
        + segmentBytes
        + ", maxBytes="
        + maxBytes
        + ", maxAge="
        + maxAge
        + ", durability="
        + durability
        + ", groupCommitInterval="
        + groupCommitInterval
        + "}";
  }

  /** Builder of {@link SpoolConfig}; each setter validates its argument and fails fast. */
  public static final class Builder {
    private final Path directory;
    private long segmentBytes = DEFAULT_SEGMENT_BYTES;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private Duration maxAge = Duration.ZERO;
    private SpoolDurability durability = SpoolDurability.GROUP_COMMIT;
    private Duration groupCommitInterval = Duration.ofMillis(DEFAULT_GROUP_COMMIT_MILLIS);

    private Builder(Path directory) {
      this.directory = directory;
    }

    /**
     * Segment size in bytes, from {@value #MIN_SEGMENT_BYTES} to {@value #MAX_SEGMENT_BYTES};
     * default {@value #DEFAULT_SEGMENT_BYTES}.
     */
    public Builder segmentBytes(long segmentBytes) {
      if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
        throw new IllegalArgumentException(
            "segmentBytes must be between "
                + MIN_SEGMENT_BYTES
                + " and "
                + MAX_SEGMENT_BYTES
                + ": "
                + segmentBytes);
      }
      this.segmentBytes = segmentBytes;
      return this;
    }

    /**
     * Cap on the spool's size in bytes; must be at least twice {@code segmentBytes} (checked by
     * {@link #build()}); default {@value #DEFAULT_MAX_BYTES}.
     */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes <= 0) {
        throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Maximum age of a stored event; {@link Duration#ZERO} (the default) means no limit. */
    public Builder maxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative()) {
        throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /** When appends reach the disk; default {@link dev.hydrant.SpoolDurability#GROUP_COMMIT}. */
    public Builder durability(SpoolDurability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * The group-commit fsync interval, from 1 ms to 60 s; default {@value
     * #DEFAULT_GROUP_COMMIT_MILLIS} ms.
     */
    public Builder groupCommitInterval(Duration interval) {
      Objects.requireNonNull(interval, "groupCommitInterval");
      if (interval.toMillis() < 1 || interval.compareTo(Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException(
            "groupCommitInterval must be between 1 ms and 60 s: " + interval);
      }
      this.groupCommitInterval = interval;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is less than twice {@code segmentBytes}
     *     (a full, unacknowledged segment must be droppable while the next one fills)
     */
    public SpoolConfig build() {
      if (maxBytes < 2 * segmentBytes) {
        throw new IllegalArgumentException(
            "maxBytes must be at least 2 * segmentBytes (" + 2 * segmentBytes + "): " + maxBytes);
      }
      return new SpoolConfig(this);
    }
  }
}
