package dev.hydrant.examples;

import dev.hydrant.testkit.Faults;
import java.time.Duration;
import java.util.Locale;

/** The {@code --faults} presets of the embedded emulator. */
final class FaultPresets {
  /** How long the {@code outage} preset answers 503 from the start of the run: {@value} s. */
  static final int OUTAGE_SECONDS = 5;

  /** How long the {@code outage-mixed} preset answers 503 from the start of the run: {@value} s. */
  static final int MIXED_OUTAGE_SECONDS = 3;

  /** Each of the {@code outage-mixed} faults (masked, partial, 429) hits this share: {@value}. */
  static final double MIXED_RATE = 0.25;

  private FaultPresets() {}

  /**
   * {@code none}, {@code flaky} ({@link Faults#flaky}), {@code throttle} ({@link Faults#throttle})
   * {@code outage} ({@link Faults#outage} of {@value #OUTAGE_SECONDS} s), or {@code outage-mixed}
   * (an outage of {@value #MIXED_OUTAGE_SECONDS} s, then throttling masked as 200, failed batch
   * entries and 429s, each on a quarter of the requests, drawn from {@code seed}).
   *
   * @throws ConfigurationException naming the bad value
   */
  static Faults parse(String name, long seed) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> Faults.none();
      case "flaky" -> Faults.flaky(seed);
      case "throttle" -> Faults.throttle(seed);
      case "outage" -> Faults.outage(Duration.ofSeconds(OUTAGE_SECONDS));
      case "outage-mixed" ->
          Faults.builder()
              .seed(seed)
              .maskedErrorRate(MIXED_RATE)
              .partialFailureRate(MIXED_RATE)
              .throttleRate(MIXED_RATE)
              .outage(Duration.ZERO, Duration.ofSeconds(MIXED_OUTAGE_SECONDS))
              .build();
      default ->
          throw new ConfigurationException(
              "--faults must be none, flaky, throttle, outage or outage-mixed, got '" + name + "'");
    };
  }
}
