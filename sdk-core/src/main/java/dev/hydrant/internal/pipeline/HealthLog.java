package dev.hydrant.internal.pipeline;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery health log lines, on logger {@code dev.hydrant.delivery}, rate-limited on the times
 * the caller passes in (its injected clock). An <em>episode</em> runs from the first failed attempt
 * to the next success.
 *
 * <ul>
 *   <li>WARN when delivery starts failing, naming the endpoint, the cause and what happens next;
 *       not again within {@link #INTERVAL_MILLIS} of the previous WARN (a flapping endpoint prints
 *       one line a minute, not one per flap);
 *   <li>WARN again at most once per {@link #INTERVAL_MILLIS} while it keeps failing, with counts;
 *   <li>INFO when it recovers, how long it was down, if its episode printed a WARN;
 *   <li>ERROR for a configuration failure with the fix: once per cause per episode, and not again
 *       for the same cause within {@link #INTERVAL_MILLIS}.
 * </ul>
 *
 * <p>Callers pass texts without secrets. Not thread-safe: {@link HealthTracker} serialises calls.
 */
final class HealthLog {
  static final String LOGGER = "dev.hydrant.delivery";
  static final long INTERVAL_MILLIS = 60_000;

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private final String endpoint;
  private boolean warned;
  private long lastWarnMillis;
  private boolean warnedThisEpisode;
  private final Set<String> errorsThisEpisode = new HashSet<>();
  private final Map<String, Long> lastErrorMillis = new HashMap<>();

  HealthLog(String endpoint) {
    this.endpoint = endpoint;
  }

  void configurationError(String key, String cause, String hint, long now) {
    Long last = lastErrorMillis.get(key);
    if (errorsThisEpisode.contains(key) || last != null && now - last < INTERVAL_MILLIS) {
      return;
    }
    errorsThisEpisode.add(key);
    lastErrorMillis.put(key, now);
    log.error(
        "delivery to {} cannot succeed until the configuration is fixed: {}. Fix: {}",
        endpoint,
        cause,
        hint);
  }

  void startedFailing(String cause, long failedAttempts, long downMillis, String next, long now) {
    if (warned && now - lastWarnMillis < INTERVAL_MILLIS) {
      return;
    }
    warn(now);
    log.warn(
        "delivery to {} is failing: {} ({} failed attempt(s) in {}); {}",
        endpoint,
        cause,
        failedAttempts,
        duration(downMillis),
        next);
  }

  void stillFailing(
      String cause, long failedAttempts, long downMillis, long waiting, String next, long now) {
    if (warned && now - lastWarnMillis < INTERVAL_MILLIS) {
      return;
    }
    warn(now);
    log.warn(
        "delivery to {} still failing after {}: {} failed attempt(s), {} event(s) waiting; last"
            + " cause: {}; {}",
        endpoint,
        duration(downMillis),
        failedAttempts,
        waiting,
        cause,
        next);
  }

  void recovered(long downMillis, long failedAttempts) {
    if (warnedThisEpisode) {
      log.info(
          "delivery to {} recovered after {} ({} failed attempt(s))",
          endpoint,
          duration(downMillis),
          failedAttempts);
    } else {
      log.debug("delivery to {} recovered after {}", endpoint, duration(downMillis));
    }
    warnedThisEpisode = false;
    errorsThisEpisode.clear();
  }

  void degraded(String cause) {
    log.debug("delivery to {} degraded: {}; retrying with backoff", endpoint, cause);
  }

  private void warn(long now) {
    warned = true;
    lastWarnMillis = now;
    warnedThisEpisode = true;
  }

  /** {@code 850 ms}, {@code 12.3 s}, {@code 4 min 5 s}, {@code 2 h 3 min}, {@code 24 h}. */
  static String duration(long millis) {
    long ms = Math.max(0, millis);
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
    long minutes = s % 3600 / 60;
    return (s / 3600) + " h" + (minutes == 0 ? "" : " " + minutes + " min");
  }
}
