package dev.hydrant.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Programmable failures of the emulated proxy. Immutable; install with {@link
 * FirehoseEmulator#faults(Faults)} at any time. Every random decision is drawn from one generator
 * seeded with {@link #seed()}, in a fixed order per request, so the same sequence of requests gets
 * the same failures.
 *
 * <p>Per API Gateway request, in this order: an outage window answers 503; then a connection reset
 * ({@link #connectionResetRate()}), a close without response ({@link #emptyResponseRate()}), a
 * gateway 429 ({@link #throttleRate()}), a gateway 5xx ({@link #serverErrorRate()}); then the
 * integration latency (over the integration timeout gives 504); then Firehose fails the whole call
 * with {@code ServiceUnavailableException} ({@link #maskedErrorRate()}, masked as 200 in {@link
 * IntegrationMode#MASKED}) or fails single batch entries ({@link #partialFailureRate()}).
 */
public final class Faults {

  private static final Faults NONE = builder().build();

  private final long seed;
  private final double maskedErrorRate;
  private final double partialFailureRate;
  private final double serverErrorRate;
  private final double throttleRate;
  private final double connectionResetRate;
  private final double emptyResponseRate;
  private final Latency latency;
  private final Duration outageStart;
  private final Duration outageLength;

  private Faults(Builder b) {
    this.seed = b.seed;
    this.maskedErrorRate = b.maskedErrorRate;
    this.partialFailureRate = b.partialFailureRate;
    this.serverErrorRate = b.serverErrorRate;
    this.throttleRate = b.throttleRate;
    this.connectionResetRate = b.connectionResetRate;
    this.emptyResponseRate = b.emptyResponseRate;
    this.latency = b.latency;
    this.outageStart = b.outageStart;
    this.outageLength = b.outageLength;
  }

  /**
   * A new builder with no faults and seed 0.
   *
   * @return this builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return no faults (the default)} */
  public static Faults none() {
    return NONE;
  }

  /**
   * A flaky network and backend: 5% masked errors, 5% failed batch entries, 2% gateway 500, 2%
   * gateway 429, 1% connection resets, 1% empty responses, latency uniform in 5..50 ms.
   *
   * @param seed the generator seed, for repeatable runs
   * @return the faults
   */
  public static Faults flaky(long seed) {
    return builder()
        .seed(seed)
        .maskedErrorRate(0.05)
        .partialFailureRate(0.05)
        .serverErrorRate(0.02)
        .throttleRate(0.02)
        .connectionResetRate(0.01)
        .emptyResponseRate(0.01)
        .latency(Latency.uniform(Duration.ofMillis(5), Duration.ofMillis(50)))
        .build();
  }

  /**
   * Heavy throttling: 30% gateway 429, 20% masked "Slow down.", 25% failed batch entries.
   *
   * @param seed the generator seed, for repeatable runs
   * @return the faults
   */
  public static Faults throttle(long seed) {
    return builder()
        .seed(seed)
        .throttleRate(0.30)
        .maskedErrorRate(0.20)
        .partialFailureRate(0.25)
        .build();
  }

  /**
   * Every gateway request answers 503 for {@code length}, starting when installed.
   *
   * @param length how long the outage lasts
   * @return the faults
   */
  public static Faults outage(Duration length) {
    return builder().outage(Duration.ZERO, length).build();
  }

  /** {@return the generator seed} */
  public long seed() {
    return seed;
  }

  /** {@return probability that Firehose fails a whole call with ServiceUnavailableException} */
  public double maskedErrorRate() {
    return maskedErrorRate;
  }

  /**
   * {@return probability that one batch entry fails with ServiceUnavailableException "Slow down."}
   */
  public double partialFailureRate() {
    return partialFailureRate;
  }

  /** {@return probability of a gateway 500 {@code {"message": "Internal server error"}}} */
  public double serverErrorRate() {
    return serverErrorRate;
  }

  /** {@return probability of a gateway 429 {@code {"message":"Too Many Requests"}}} */
  public double throttleRate() {
    return throttleRate;
  }

  /** {@return probability that the connection is reset instead of answered} */
  public double connectionResetRate() {
    return connectionResetRate;
  }

  /** {@return probability that the connection is closed without an answer} */
  public double emptyResponseRate() {
    return emptyResponseRate;
  }

  /** {@return backend latency added to each integration call} */
  public Latency latency() {
    return latency;
  }

  /** {@return offset, from installation, of the 503 outage window} */
  public Duration outageStart() {
    return outageStart;
  }

  /** {@return length of the 503 outage window; zero for none} */
  public Duration outageLength() {
    return outageLength;
  }

  @Override
  public String toString() {
    return "Faults{seed="
        + seed
        + ", masked="
        + maskedErrorRate
        + ", partial="
        + partialFailureRate
        + ", 5xx="
        + serverErrorRate
        + ", 429="
        + throttleRate
        + ", reset="
        + connectionResetRate
        + ", empty="
        + emptyResponseRate
        + ", latency="
        + latency
        + ", outage="
        + outageStart
        + "+"
        + outageLength
        + '}';
  }

  /** Builds {@link Faults}; every rate is a probability in [0, 1]. */
  public static final class Builder {
    private long seed;
    private double maskedErrorRate;
    private double partialFailureRate;
    private double serverErrorRate;
    private double throttleRate;
    private double connectionResetRate;
    private double emptyResponseRate;
    private Latency latency = Latency.none();
    private Duration outageStart = Duration.ZERO;
    private Duration outageLength = Duration.ZERO;

    private Builder() {}

    /**
     * Seed of the generator all decisions are drawn from.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * See {@link Faults#maskedErrorRate()}.
     *
     * @param rate probability from 0 to 1
     * @return this builder
     */
    public Builder maskedErrorRate(double rate) {
      this.maskedErrorRate = rate(rate, "maskedErrorRate");
      return this;
    }

    /**
     * See {@link Faults#partialFailureRate()}.
     *
     * @param rate probability from 0 to 1
     * @return this builder
     */
    public Builder partialFailureRate(double rate) {
      this.partialFailureRate = rate(rate, "partialFailureRate");
      return this;
    }

    /**
     * See {@link Faults#serverErrorRate()}.
     *
     * @param rate probability from 0 to 1
     * @return this builder
     */
    public Builder serverErrorRate(double rate) {
      this.serverErrorRate = rate(rate, "serverErrorRate");
      return this;
    }

    /**
     * See {@link Faults#throttleRate()}.
     *
     * @param rate probability from 0 to 1
     * @return this builder
     */
    public Builder throttleRate(double rate) {
      this.throttleRate = rate(rate, "throttleRate");
      return this;
    }

    /**
     * See {@link Faults#connectionResetRate()}.
     *
     * @param rate probability from 0 to 1
     * @return this builder
     */
    public Builder connectionResetRate(double rate) {
      this.connectionResetRate = rate(rate, "connectionResetRate");
      return this;
    }

    /**
     * See {@link Faults#emptyResponseRate()}.
     *
     * @param rate probability from 0 to 1
     * @return this builder
     */
    public Builder emptyResponseRate(double rate) {
      this.emptyResponseRate = rate(rate, "emptyResponseRate");
      return this;
    }

    /**
     * See {@link Faults#latency()}.
     *
     * @param latency the backend latency
     * @return this builder
     */
    public Builder latency(Latency latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    /**
     * A 503 window of {@code length} starting {@code start} after installation.
     *
     * @param length how long the outage lasts
     * @param start when the outage starts, after installation
     * @return this builder
     */
    public Builder outage(Duration start, Duration length) {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(length, "length");
      if (start.isNegative() || length.isNegative()) {
        throw new IllegalArgumentException(
            "outage start and length must not be negative, got " + start + " and " + length);
      }
      this.outageStart = start;
      this.outageLength = length;
      return this;
    }

    /** {@return the immutable faults} */
    public Faults build() {
      return new Faults(this);
    }

    private static double rate(double rate, String name) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(name + " must be in [0, 1], got " + rate);
      }
      return rate;
    }
  }
}
