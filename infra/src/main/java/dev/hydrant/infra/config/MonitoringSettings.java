package dev.hydrant.infra.config;

import java.util.regex.Pattern;

/**
 * CloudWatch alarms and dashboard of the proxy, and where alarms are sent.
 *
 * @param alarmTopic context {@code alarmTopic}: create an SNS topic (encrypted, TLS-only) that
 *     every alarm notifies (default {@value #DEFAULT_ALARM_TOPIC}); implied by {@code alarmEmail}
 * @param alarmEmail context {@code alarmEmail}: subscribe this address to the topic, or {@code
 *     null} (default)
 * @param freshnessSeconds context {@code freshnessAlarmSeconds}: alarm when the oldest record in
 *     Firehose is older than this, in [60, 86400] (default {@value #DEFAULT_FRESHNESS_SECONDS})
 * @param serverErrorPercent context {@code serverErrorAlarmPercent}: alarm when more than this
 *     percentage of API requests end in 5XX over 5 minutes, in [1, 100] (default {@value
 *     #DEFAULT_SERVER_ERROR_PERCENT})
 * @param clientErrorPercent context {@code clientErrorAlarmPercent}: the same for 4XX, which
 *     includes throttling (429) and bad API keys (403) (default {@value
 *     #DEFAULT_CLIENT_ERROR_PERCENT})
 * @param latencyMillis context {@code latencyAlarmMillis}: alarm when the p99 API latency exceeds
 *     this, in [50, 29000] (default {@value #DEFAULT_LATENCY_MILLIS})
 * @param quotaPercent context {@code quotaAlarmPercent}: alarm when traffic exceeds this percentage
 *     of the stage throttle or of a Firehose per-stream limit, in [1, 100] (default {@value
 *     #DEFAULT_QUOTA_PERCENT})
 */
public record MonitoringSettings(
    boolean alarmTopic,
    String alarmEmail,
    int freshnessSeconds,
    int serverErrorPercent,
    int clientErrorPercent,
    int latencyMillis,
    int quotaPercent) {

  /** Default of {@code alarmTopic}. */
  public static final boolean DEFAULT_ALARM_TOPIC = false;

  /** Default of {@code freshnessAlarmSeconds}: 15 minutes. */
  public static final int DEFAULT_FRESHNESS_SECONDS = 900;

  /** Default of {@code serverErrorAlarmPercent}. */
  public static final int DEFAULT_SERVER_ERROR_PERCENT = 1;

  /** Default of {@code clientErrorAlarmPercent}. */
  public static final int DEFAULT_CLIENT_ERROR_PERCENT = 5;

  /** Default of {@code latencyAlarmMillis}. */
  public static final int DEFAULT_LATENCY_MILLIS = 2000;

  /** Default of {@code quotaAlarmPercent}. */
  public static final int DEFAULT_QUOTA_PERCENT = 80;

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** Validates the thresholds and the address; an address implies the topic. */
  public MonitoringSettings {
    check("freshnessAlarmSeconds", freshnessSeconds, 60, 86_400);
    check("serverErrorAlarmPercent", serverErrorPercent, 1, 100);
    check("clientErrorAlarmPercent", clientErrorPercent, 1, 100);
    check("latencyAlarmMillis", latencyMillis, 50, 29_000);
    check("quotaAlarmPercent", quotaPercent, 1, 100);
    if (alarmEmail != null && !EMAIL.matcher(alarmEmail).matches()) {
      throw new IllegalArgumentException(
          "alarmEmail must be an e-mail address, was '" + alarmEmail + "'");
    }
    alarmTopic = alarmTopic || alarmEmail != null;
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], was " + value);
    }
  }

  /** Reads the settings from context, applying the defaults. */
  public static MonitoringSettings fromContext(ContextValues context) {
    return new MonitoringSettings(
        context.bool("alarmTopic", DEFAULT_ALARM_TOPIC),
        context.optionalString("alarmEmail"),
        context.integer("freshnessAlarmSeconds", DEFAULT_FRESHNESS_SECONDS, 60, 86_400),
        context.integer("serverErrorAlarmPercent", DEFAULT_SERVER_ERROR_PERCENT, 1, 100),
        context.integer("clientErrorAlarmPercent", DEFAULT_CLIENT_ERROR_PERCENT, 1, 100),
        context.integer("latencyAlarmMillis", DEFAULT_LATENCY_MILLIS, 50, 29_000),
        context.integer("quotaAlarmPercent", DEFAULT_QUOTA_PERCENT, 1, 100));
  }
}
