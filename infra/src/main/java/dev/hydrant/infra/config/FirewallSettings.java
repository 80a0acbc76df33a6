package dev.hydrant.infra.config;

import java.util.Set;

/**
 * The optional AWS WAF web ACL in front of the API stage: a rate-based rule per source IP and the
 * AWS managed IP reputation list.
 *
 * <p>Set-top boxes often sit behind carrier-grade NAT, so hundreds of boxes can share one public
 * IP; the per-IP limit must allow for that, which is why the default is generous.
 *
 * @param enabled context {@code waf}: create and associate the web ACL (default {@value
 *     #DEFAULT_ENABLED}); it costs a monthly fee per ACL and rule plus a fee per request
 * @param rateLimit context {@code wafRateLimit}: requests one source IP may send per evaluation
 *     window before WAF blocks it, in [{@value #MIN_RATE_LIMIT}, {@value #MAX_RATE_LIMIT}] (default
 *     {@value #DEFAULT_RATE_LIMIT})
 * @param windowSeconds context {@code wafWindowSeconds}: the rate-based rule's evaluation window,
 *     one of 60, 120, 300, 600 (default {@value #DEFAULT_WINDOW_SECONDS})
 */
public record FirewallSettings(boolean enabled, int rateLimit, int windowSeconds) {

  /** Default of {@code waf}. */
  public static final boolean DEFAULT_ENABLED = false;

  /** Default of {@code wafRateLimit}: 100 requests/s from one IP, sustained over 5 minutes. */
  public static final int DEFAULT_RATE_LIMIT = 30_000;

  /** Default of {@code wafWindowSeconds}. */
  public static final int DEFAULT_WINDOW_SECONDS = 300;

  /** Smallest limit WAF accepts for a rate-based rule. */
  public static final int MIN_RATE_LIMIT = 10;

  /** Largest limit WAF accepts for a rate-based rule. */
  public static final int MAX_RATE_LIMIT = 2_000_000_000;

  /** The evaluation windows WAF supports, in seconds. */
  public static final Set<Integer> WINDOWS = Set.of(60, 120, 300, 600);

  /** Validates the limit and the window. */
  public FirewallSettings {
    if (rateLimit < MIN_RATE_LIMIT || rateLimit > MAX_RATE_LIMIT) {
      throw new IllegalArgumentException(
          "wafRateLimit must be in ["
              + MIN_RATE_LIMIT
              + ", "
              + MAX_RATE_LIMIT
              + "], was "
              + rateLimit);
    }
    if (!WINDOWS.contains(windowSeconds)) {
      throw new IllegalArgumentException(
          "wafWindowSeconds must be one of 60, 120, 300, 600, was " + windowSeconds);
    }
  }

  /** Reads the settings from context, applying the defaults. */
  public static FirewallSettings fromContext(ContextValues context) {
    return new FirewallSettings(
        context.bool("waf", DEFAULT_ENABLED),
        context.integer("wafRateLimit", DEFAULT_RATE_LIMIT, MIN_RATE_LIMIT, MAX_RATE_LIMIT),
        context.integer("wafWindowSeconds", DEFAULT_WINDOW_SECONDS, 60, 600));
  }
}
