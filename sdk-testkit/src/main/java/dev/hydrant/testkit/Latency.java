package dev.hydrant.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A distribution of simulated backend latency, added to the Firehose integration of each API
 * Gateway request. Immutable and thread-safe.
 */
public final class Latency {

  private enum Kind {
    NONE,
    FIXED,
    UNIFORM,
    LOG_NORMAL
  }

  private static final Latency NONE = new Latency(Kind.NONE, 0, 0, 0);

  private final Kind kind;
  private final long aNanos;
  private final long bNanos;
  private final double sigma;

  private Latency(Kind kind, long aNanos, long bNanos, double sigma) {
    this.kind = kind;
    this.aNanos = aNanos;
    this.bNanos = bNanos;
    this.sigma = sigma;
  }

  /** {@return no added latency} */
  public static Latency none() {
    return NONE;
  }

  /**
   * Always {@code delay} (e.g. 50 ms for a WAN round trip).
   *
   * @param delay the delay, not negative
   * @return the latency
   */
  public static Latency fixed(Duration delay) {
    return new Latency(Kind.FIXED, nonNegative(delay, "delay"), 0, 0);
  }

  /**
   * Uniform in {@code [min, max]}.
   *
   * @param max the longest delay
   * @param min the shortest delay, not negative
   * @return the latency
   */
  public static Latency uniform(Duration min, Duration max) {
    long lo = nonNegative(min, "min");
    long hi = nonNegative(max, "max");
    if (hi < lo) {
      throw new IllegalArgumentException("max must be >= min, got min=" + min + " max=" + max);
    }
    return new Latency(Kind.UNIFORM, lo, hi, 0);
  }

  /**
   * Log-normal with the given median and shape {@code sigma} (the standard deviation of the
   * logarithm), like WireMock's {@code withLogNormalRandomDelay}.
   *
   * @param median the median delay
   * @param sigma the standard deviation of the logarithm, not negative
   * @return the latency
   */
  public static Latency logNormal(Duration median, double sigma) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
    }
    return new Latency(Kind.LOG_NORMAL, nonNegative(median, "median"), 0, sigma);
  }

  private static long nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d.toNanos();
  }

  /**
   * Draws one delay in nanoseconds (draws nothing from {@code random} for none and fixed).
   *
   * @param random the random source
   * @return the delay in nanoseconds, not negative
   */
  public long sampleNanos(RandomGenerator random) {
    return switch (kind) {
      case NONE -> 0;
      case FIXED -> aNanos;
      case UNIFORM -> aNanos == bNanos ? aNanos : random.nextLong(aNanos, bNanos + 1);
      case LOG_NORMAL -> (long) (aNanos * Math.exp(sigma * random.nextGaussian()));
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Latency l
        && l.kind == kind
        && l.aNanos == aNanos
        && l.bNanos == bNanos
        && l.sigma == sigma;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, aNanos, bNanos, sigma);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case NONE -> "Latency.none";
      case FIXED -> "Latency.fixed(" + Duration.ofNanos(aNanos) + ')';
      case UNIFORM ->
          "Latency.uniform(" + Duration.ofNanos(aNanos) + ", " + Duration.ofNanos(bNanos) + ')';
      case LOG_NORMAL -> "Latency.logNormal(" + Duration.ofNanos(aNanos) + ", " + sigma + ')';
    };
  }
}
