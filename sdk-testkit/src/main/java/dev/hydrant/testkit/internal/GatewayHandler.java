package dev.hydrant.testkit.internal;

import dev.hydrant.testkit.AwsIamVerifier;
import dev.hydrant.testkit.IntegrationMode;
import dev.hydrant.testkit.RateLimit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The emulated API Gateway stage: routes, API key, stage throttle, payload and media-type checks,
 * request mapping with the VTL templates, the Firehose integration with latency and its timeout,
 * and the integration-response mapping of {@link IntegrationMode}. Thread-safe; mode, API key and
 * faults may change while requests run.
 */
public final class GatewayHandler implements Function<HttpRequest, HttpResponse> {

  /** API Gateway's payload limit. */
  public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  /** One mapped route: the Firehose action and the request template. */
  public record Route(String operation, VtlTemplate template) {}

  private final Map<String, Route> routes;
  private final FirehoseService firehose;
  private final FaultInjector faults;
  private final DeliveryLog log;
  private final TokenBucket stageThrottle;
  private final long integrationTimeoutNanos;
  private final boolean decompressRequests;
  private final Sleeper sleeper;
  private volatile IntegrationMode mode;
  private volatile String apiKey;
  private volatile AwsIamVerifier iam;

  /**
   * @param routes routes by exact path (all {@code POST})
   * @param firehose the integration backend
   * @param faults fault decisions
   * @param log counters
   * @param stageLimit the stage throttle
   * @param integrationTimeout backend latency above this gives 504
   * @param decompressRequests whether {@code Content-Encoding: gzip|deflate} bodies are accepted
   * @param mode integration-response mapping
   * @param apiKey required {@code x-api-key}, or null for none
   * @param sleeper blocks for simulated latency
   * @param nanoTime monotonic clock for the throttle
   */
  public GatewayHandler(
      Map<String, Route> routes,
      FirehoseService firehose,
      FaultInjector faults,
      DeliveryLog log,
      RateLimit stageLimit,
      Duration integrationTimeout,
      boolean decompressRequests,
      IntegrationMode mode,
      String apiKey,
      Sleeper sleeper,
      LongSupplier nanoTime) {
    this.routes = Map.copyOf(routes);
    this.firehose = firehose;
    this.faults = faults;
    this.log = log;
    this.stageThrottle = new TokenBucket(stageLimit.ratePerSecond(), stageLimit.burst(), nanoTime);
    this.integrationTimeoutNanos = integrationTimeout.toNanos();
    this.decompressRequests = decompressRequests;
    this.mode = mode;
    this.apiKey = apiKey;
    this.sleeper = sleeper;
  }

  /** Changes the integration-response mapping for later requests. */
  public void mode(IntegrationMode mode) {
    this.mode = mode;
  }

  /** The current integration-response mapping. */
  public IntegrationMode mode() {
    return mode;
  }

  /** Requires {@code key} in {@code x-api-key} from now on; null disables the check. */
  public void apiKey(String key) {
    this.apiKey = key;
  }

  /**
   * Requires SigV4 ({@code AWS_IAM}) verified by {@code verifier} from now on; null disables it.
   */
  public void awsIam(AwsIamVerifier verifier) {
    this.iam = verifier;
  }

  @Override
  public HttpResponse apply(HttpRequest request) {
    HttpResponse response = handle(request);
    log.gatewayStatus(response.status());
    return request.bodyTooLarge() ? response.closing() : response;
  }

  private HttpResponse handle(HttpRequest request) {
    Map<String, String> headers = HttpResponse.newHeaders();
    String requestId = fastUuid();
    headers.put("Content-Type", "application/json");
    headers.put("x-amzn-RequestId", requestId);
    headers.put("x-amz-apigw-id", apigwId());
    AwsIamVerifier verifier = iam;
    headers.put(
        "Date",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(
                (verifier == null ? Clock.systemUTC() : verifier.clock()).instant(),
                ZoneOffset.UTC)));
    Route route = routes.get(request.path());
    if (route == null || !request.method().equals("POST")) {
      return error(
          headers,
          403,
          "MissingAuthenticationTokenException",
          "{\"message\":\"Missing Authentication Token\"}");
    }
    String key = apiKey;
    if (key != null && !constantTimeEquals(key, request.header("x-api-key"))) {
      return error(headers, 403, "ForbiddenException", "{\"message\":\"Forbidden\"}");
    }
    if (verifier != null) {
      AwsIamVerifier.Decision decision = verifier.check(request);
      if (!decision.allowed()) {
        return error(
            headers,
            decision.status(),
            decision.errorType(),
            "{\"message\":\"" + FirehoseResult.quote(decision.message()) + "\"}");
      }
    }
    if (!stageThrottle.tryTake(1)) {
      return error(headers, 429, "TooManyRequestsException", "{\"message\":\"Too Many Requests\"}");
    }
    switch (faults.gatewayFault()) {
      case OUTAGE:
        return error(
            headers, 503, "ServiceUnavailableException", "{\"message\": \"Service Unavailable\"}");
      case RESET:
        return HttpResponse.failure(HttpResponse.Disposition.RESET);
      case EMPTY:
        return HttpResponse.failure(HttpResponse.Disposition.EMPTY);
      case THROTTLE:
        return error(
            headers, 429, "TooManyRequestsException", "{\"message\":\"Too Many Requests\"}");
      case SERVER_ERROR:
        return error(
            headers,
            500,
            "InternalServerErrorException",
            "{\"message\": \"Internal server error\"}");
      case NONE:
      default:
        break;
    }
    if (request.bodyTooLarge()) {
      return error(headers, 413, "RequestTooLargeException", "{\"message\":\"Request Too Long\"}");
    }
    byte[] body;
    try {
      body = decode(request);
    } catch (IOException e) {
      // An unsupported coding, or a body that does not match its coding.
      return error(
          headers,
          415,
          "UnsupportedMediaTypeException",
          "{\"message\":\"Unsupported Media Type\"}");
    }
    if (body == null) {
      return error(headers, 413, "RequestTooLargeException", "{\"message\":\"Request Too Long\"}");
    }
    if (!isJson(request.header("content-type"))) {
      return error(
          headers,
          415,
          "UnsupportedMediaTypeException",
          "{\"message\":\"Unsupported Media Type\"}");
    }
    String integrationRequest;
    try {
      integrationRequest =
          route
              .template()
              .render(
                  new VtlInput(body, request.headers(), query(request)),
                  context(request, requestId));
    } catch (VtlInput.BodyNotJsonException e) {
      return error(
          headers,
          400,
          "BadRequestException",
          "{\"message\": \"Could not parse request body into json: "
              + FirehoseResult.quote(e.getMessage())
              + "\"}");
    }
    long latency = faults.latencyNanos();
    boolean timedOut = latency > integrationTimeoutNanos;
    try {
      sleeper.sleepNanos(timedOut ? integrationTimeoutNanos : latency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpResponse.failure(HttpResponse.Disposition.EMPTY);
    }
    // The call still reaches Firehose on a timeout: like the real proxy, a 504 does not mean the
    // write did not happen.
    FirehoseResult result = firehose.invoke(route.operation(), integrationRequest);
    if (timedOut) {
      return error(
          headers, 504, "IntegrationTimeout", "{\"message\": \"Endpoint request timed out\"}");
    }
    return HttpResponse.json(mode.clientStatus(result.status()), headers, result.body());
  }

  private static HttpResponse error(
      Map<String, String> headers, int status, String type, String body) {
    headers.put("x-amzn-ErrorType", type);
    return HttpResponse.json(status, headers, body);
  }

  /** A body the server can hand to the template; null when it inflates beyond the payload limit. */
  private byte[] decode(HttpRequest request) throws IOException {
    String encoding = request.header("content-encoding");
    if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
      return request.body();
    }
    String coding = encoding.trim().toLowerCase(Locale.ROOT);
    if (!decompressRequests || !(coding.equals("gzip") || coding.equals("deflate"))) {
      throw new UnsupportedEncodingException();
    }
    InputStream raw = new ByteArrayInputStream(request.body());
    try (InputStream in =
        coding.equals("gzip") ? new GZIPInputStream(raw) : new InflaterInputStream(raw)) {
      byte[] inflated = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
      return inflated.length > MAX_PAYLOAD_BYTES ? null : inflated;
    }
  }

  /** Thrown for a content coding API Gateway does not accept. */
  private static final class UnsupportedEncodingException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** API Gateway picks the template by MIME type only; a missing Content-Type means JSON. */
  static boolean isJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    int semicolon = contentType.indexOf(';');
    String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return mime.equalsIgnoreCase("application/json");
  }

  private static Map<String, String> query(HttpRequest request) {
    Map<String, String> query = new HashMap<>();
    if (!request.query().isEmpty()) {
      for (String pair : request.query().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return query;
  }

  private static Map<String, Object> context(HttpRequest request, String requestId) {
    Map<String, Object> context = new HashMap<>();
    context.put("requestId", requestId);
    context.put("extendedRequestId", requestId);
    context.put("httpMethod", request.method());
    context.put("resourcePath", request.path());
    context.put("requestTimeEpoch", System.currentTimeMillis());
    context.put("identity", Map.of("sourceIp", "127.0.0.1"));
    return context;
  }

  /**
   * A random (version 4) UUID from the thread's generator: {@link UUID#randomUUID()} serialises
   * every connection thread on one SecureRandom, and request ids need no cryptographic strength.
   */
  static String fastUuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(msb, lsb).toString();
  }

  private static String apigwId() {
    byte[] id = new byte[11];
    ThreadLocalRandom.current().nextBytes(id);
    return Base64.getEncoder().encodeToString(id).substring(0, 15) + '=';
  }

  private static boolean constantTimeEquals(String expected, String actual) {
    return actual != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
