package dev.hydrant.testkit;

/**
 * A token-bucket rate limit: {@code ratePerSecond} tokens refill continuously, at most {@code
 * burst} are stored.
 *
 * @param ratePerSecond sustained requests per second, &gt; 0
 * @param burst bucket capacity, &ge; 1
 */
public record RateLimit(double ratePerSecond, int burst) {

  /** A low API Gateway stage throttle: 10 requests/s, burst 100. */
  public static final RateLimit LOW_STAGE_THROTTLE = new RateLimit(10, 100);

  /** No limit (the emulator's default, so tests and benchmarks are not throttled unless asked). */
  public static final RateLimit UNLIMITED =
      new RateLimit(Double.POSITIVE_INFINITY, Integer.MAX_VALUE);

  /**
   * @param burst the bucket size, at least 1
   * @param ratePerSecond steady-state rate, positive
   * @throws IllegalArgumentException if {@code ratePerSecond} is not positive or {@code burst} &lt;
   *     1
   */
  public RateLimit {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond must be > 0, got " + ratePerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, got " + burst);
    }
  }

  /** {@return whether this limit never throttles} */
  public boolean isUnlimited() {
    return Double.isInfinite(ratePerSecond);
  }
}
