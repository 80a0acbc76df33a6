package dev.hydrant.infra.config;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The REST API in front of Firehose: routes {@code POST /<resourcePath>} (PutRecord) and {@code
 * POST /<resourcePath>/batch} (PutRecordBatch), its stage, API key and usage plan.
 *
 * @param apiName context {@code apiName}, default {@value #DEFAULT_API_NAME}
 * @param stageName context {@code stageName}, default {@value #DEFAULT_STAGE_NAME}; hidden behind
 *     the custom domain's base-path mapping
 * @param resourcePath context {@code resourcePath}, the single-record path segment, default {@value
 *     #DEFAULT_RESOURCE_PATH}
 * @param responseMapping context {@code responseMapping}, {@code STRICT} (default) or {@code
 *     MASKED}
 * @param stageRateLimit context {@code stageRateLimit}, requests per second for the whole stage
 *     (all keys together), applied to every method; default {@value #DEFAULT_STAGE_RATE_LIMIT}, or
 *     sized from context {@code fleetSize} and {@code sendIntervalSeconds} by {@link
 *     #sizedRateLimit}
 * @param stageBurstLimit context {@code stageBurstLimit}, default {@value
 *     #DEFAULT_STAGE_BURST_LIMIT}, or the sized rate limit (one second's requests) when sized
 * @param keyRateLimit context {@code keyRateLimit}, requests per second per API key (usage plan);
 *     default the stage rate limit, because the whole fleet usually shares one key and a smaller
 *     per-key limit would cap the fleet below the stage
 * @param keyBurstLimit context {@code keyBurstLimit}, default the stage burst limit
 * @param quotaLimit context {@code quotaLimit}, requests per {@code quotaPeriod} per API key, or
 *     {@code null} for no quota (default)
 * @param quotaPeriod context {@code quotaPeriod}, default {@code DAY}
 * @param apiKeyName context {@code apiKeyName}, the name of the API key the stack creates and
 *     attaches to the usage plan, default {@value #DEFAULT_API_KEY_NAME}
 * @param executionLogLevel context {@code executionLogLevel}, default {@code ERROR}
 * @param logRetentionDays context {@code logRetentionDays}, retention of the access-log and
 *     Firehose error-log groups, one of the CloudWatch values, default {@value
 *     #DEFAULT_LOG_RETENTION_DAYS}
 * @param cloudWatchRole context {@code cloudWatchRole}: create the account-level role that lets API
 *     Gateway write logs (default {@value #DEFAULT_CLOUD_WATCH_ROLE}); set false when the account
 *     already has one
 * @param minimumCompressionSize context {@code minimumCompressionSize}, 0 to {@value
 *     #MAX_MINIMUM_COMPRESSION_SIZE} bytes, or {@code null} (default) to leave payload compression
 *     off; set it (0 is fine: Hydrant sends no {@code Accept-Encoding}, so responses stay plain) to
 *     accept the client's body-level {@code gzip(true)}, {@code Content-Encoding: gzip} requests
 */
public record ApiSettings(
    String apiName,
    String stageName,
    String resourcePath,
    ResponseMapping responseMapping,
    int stageRateLimit,
    int stageBurstLimit,
    int keyRateLimit,
    int keyBurstLimit,
    Integer quotaLimit,
    QuotaPeriod quotaPeriod,
    String apiKeyName,
    ExecutionLogLevel executionLogLevel,
    int logRetentionDays,
    boolean cloudWatchRole,
    Integer minimumCompressionSize) {

  /** Largest {@code minimumCompressionSize} API Gateway accepts: {@value} bytes (10 MiB). */
  public static final int MAX_MINIMUM_COMPRESSION_SIZE = 10_485_760;

  /** The batch route's path segment under {@link #resourcePath()}. */
  public static final String BATCH_PATH = "batch";

  /** Default of {@code apiName}. */
  public static final String DEFAULT_API_NAME = "hydrant-firehose-proxy";

  /** Default of {@code stageName}. */
  public static final String DEFAULT_STAGE_NAME = "v1";

  /** Default of {@code resourcePath}: the route {@code /fh}, as the emulator serves it. */
  public static final String DEFAULT_RESOURCE_PATH = "fh";

  /** Default of {@code stageRateLimit}. */
  public static final int DEFAULT_STAGE_RATE_LIMIT = 1000;

  /** Default of {@code stageBurstLimit}. */
  public static final int DEFAULT_STAGE_BURST_LIMIT = 2000;

  /** Default of context {@code sendIntervalSeconds}: a device's requests are 5 s apart. */
  public static final int DEFAULT_SEND_INTERVAL_SECONDS = 5;

  /** Headroom of a sized stage limit over the fleet's average request rate (retries, bursts). */
  public static final int SIZING_HEADROOM = 2;

  /** Largest rate or burst limit accepted (API Gateway's account limit must be raised to match). */
  public static final int MAX_RATE = 1_000_000;

  /** Largest fleet size accepted by {@link #sizedRateLimit}. */
  public static final int MAX_FLEET_SIZE = 100_000_000;

  /** Default of {@code apiKeyName}. */
  public static final String DEFAULT_API_KEY_NAME = "hydrant-devices";

  /** Default of {@code logRetentionDays}. */
  public static final int DEFAULT_LOG_RETENTION_DAYS = 30;

  /** Default of {@code cloudWatchRole}. */
  public static final boolean DEFAULT_CLOUD_WATCH_ROLE = true;

  /** The retention values CloudWatch Logs accepts. */
  public static final Set<Integer> LOG_RETENTION_DAYS =
      Set.of(
          1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
          2922, 3288, 3653);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern PATH_PART = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Validates names, limits and retention. */
  public ApiSettings {
    checkName("apiName", apiName);
    checkName("stageName", stageName);
    checkName("apiKeyName", apiKeyName);
    requireNonNull(resourcePath, "resourcePath");
    if (!PATH_PART.matcher(resourcePath).matches()) {
      throw new IllegalArgumentException(
          "resourcePath must be one path segment matching "
              + PATH_PART.pattern()
              + ", was '"
              + resourcePath
              + "'");
    }
    requireNonNull(responseMapping, "responseMapping");
    requireNonNull(quotaPeriod, "quotaPeriod");
    requireNonNull(executionLogLevel, "executionLogLevel");
    checkRange("stageRateLimit", stageRateLimit, 1, MAX_RATE);
    checkRange("stageBurstLimit", stageBurstLimit, 0, MAX_RATE);
    checkRange("keyRateLimit", keyRateLimit, 1, MAX_RATE);
    checkRange("keyBurstLimit", keyBurstLimit, 0, MAX_RATE);
    if (keyRateLimit > stageRateLimit) {
      throw new IllegalArgumentException(
          "keyRateLimit ("
              + keyRateLimit
              + ") must not exceed stageRateLimit ("
              + stageRateLimit
              + ")");
    }
    if (quotaLimit != null && quotaLimit < 1) {
      throw new IllegalArgumentException("quotaLimit must be positive, was " + quotaLimit);
    }
    if (minimumCompressionSize != null) {
      checkRange("minimumCompressionSize", minimumCompressionSize, 0, MAX_MINIMUM_COMPRESSION_SIZE);
    }
    if (!LOG_RETENTION_DAYS.contains(logRetentionDays)) {
      throw new IllegalArgumentException(
          "logRetentionDays must be one of the CloudWatch values (1, 3, 5, 7, 14, 30, 60, 90, ...,"
              + " 3653), was "
              + logRetentionDays);
    }
  }

  private static void checkName(String name, String value) {
    requireNonNull(value, name);
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name + " must match " + NAME.pattern() + ", was '" + value + "'");
    }
  }

  private static void checkRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], was " + value);
    }
  }

  /**
   * The stage rate limit for a fleet: {@code ceil(fleetSize / sendIntervalSeconds)} requests per
   * second times {@value #SIZING_HEADROOM} for retries and synchronised bursts, capped at {@value
   * #MAX_RATE}.
   *
   * @param fleetSize devices, in [1, {@value #MAX_FLEET_SIZE}]
   * @param sendIntervalSeconds seconds between one device's requests, in [1, 86400]
   * @return requests per second
   */
  public static int sizedRateLimit(int fleetSize, int sendIntervalSeconds) {
    checkRange("fleetSize", fleetSize, 1, MAX_FLEET_SIZE);
    checkRange("sendIntervalSeconds", sendIntervalSeconds, 1, 86_400);
    long average = ((long) fleetSize + sendIntervalSeconds - 1) / sendIntervalSeconds;
    return (int) Math.min(MAX_RATE, average * SIZING_HEADROOM);
  }

  /** Reads the settings from context, applying the defaults. */
  public static ApiSettings fromContext(ContextValues context) {
    Integer fleetSize = context.optionalInteger("fleetSize", 1, MAX_FLEET_SIZE);
    int interval = context.integer("sendIntervalSeconds", DEFAULT_SEND_INTERVAL_SECONDS, 1, 86_400);
    int sized = fleetSize == null ? DEFAULT_STAGE_RATE_LIMIT : sizedRateLimit(fleetSize, interval);
    int stageRate = context.integer("stageRateLimit", sized, 1, MAX_RATE);
    int stageBurst =
        context.integer(
            "stageBurstLimit",
            fleetSize == null ? DEFAULT_STAGE_BURST_LIMIT : stageRate,
            0,
            MAX_RATE);
    return new ApiSettings(
        context.string("apiName", DEFAULT_API_NAME),
        context.string("stageName", DEFAULT_STAGE_NAME),
        context.string("resourcePath", DEFAULT_RESOURCE_PATH),
        context.enumValue("responseMapping", ResponseMapping.class, ResponseMapping.STRICT),
        stageRate,
        stageBurst,
        context.integer("keyRateLimit", stageRate, 1, MAX_RATE),
        context.integer("keyBurstLimit", stageBurst, 0, MAX_RATE),
        context.optionalInteger("quotaLimit", 1, Integer.MAX_VALUE),
        context.enumValue("quotaPeriod", QuotaPeriod.class, QuotaPeriod.DAY),
        context.string("apiKeyName", DEFAULT_API_KEY_NAME),
        context.enumValue("executionLogLevel", ExecutionLogLevel.class, ExecutionLogLevel.ERROR),
        context.integer("logRetentionDays", DEFAULT_LOG_RETENTION_DAYS, 1, 3653),
        context.bool("cloudWatchRole", DEFAULT_CLOUD_WATCH_ROLE),
        context.optionalInteger("minimumCompressionSize", 0, MAX_MINIMUM_COMPRESSION_SIZE));
  }
}
