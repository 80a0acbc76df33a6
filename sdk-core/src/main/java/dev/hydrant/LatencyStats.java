package dev.hydrant;

import java.time.Duration;
import java.util.Objects;

/**
 * One latency, measured two ways: over the client's whole life and over a recent window.
 *
 * @param sinceStart every value recorded since the client was built
 * @param recent the values recorded in the last {@code window} to 2 × {@code window} (the window
 *     moves in steps of {@code window}, so a quiet period empties it)
 * @param window the step of the recent window
 */
public record LatencyStats(
    LatencyDistribution sinceStart, LatencyDistribution recent, Duration window) {
  /**
   * Checks that every component is present.
   *
   * @param sinceStart every value recorded since the client was built
   * @param recent the values recorded in the last {@code window} to 2 × {@code window}
   * @param window the step of the recent window
   * @throws NullPointerException if a component is null
   */
  public LatencyStats {
    Objects.requireNonNull(sinceStart, "sinceStart");
    Objects.requireNonNull(recent, "recent");
    Objects.requireNonNull(window, "window");
  }
}
