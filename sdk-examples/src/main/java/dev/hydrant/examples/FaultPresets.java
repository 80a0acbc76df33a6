package dev.hydrant.examples;

import dev.hydrant.testkit.Faults;
import java.time.Duration;
import java.util.Locale;

/** The {@code --faults} presets of the embedded emulator. */
final class FaultPresets {
  /** How long the {@code outage} preset answers 503 from the start of the run: {@value} s. */
  static final int OUTAGE_SECONDS = 5;

  private FaultPresets() {}

  /**
   * {@code none}, {@code flaky} ({@link Faults#flaky}), {@code throttle} ({@link Faults#throttle})
   * or {@code outage} ({@link Faults#outage} of {@value #OUTAGE_SECONDS} s).
   *
   * @throws ConfigurationException naming the bad value
   */
  static Faults parse(String name, long seed) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> Faults.none();
      case "flaky" -> Faults.flaky(seed);
      case "throttle" -> Faults.throttle(seed);
      case "outage" -> Faults.outage(Duration.ofSeconds(OUTAGE_SECONDS));
      default ->
          throw new ConfigurationException(
              "--faults must be none, flaky, throttle or outage, got '" + name + "'");
    };
  }
}
