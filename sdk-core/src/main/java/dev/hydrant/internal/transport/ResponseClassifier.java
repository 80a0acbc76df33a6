package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;
import dev.hydrant.Route;
import dev.hydrant.internal.transport.Attempt.Entry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one place that turns a proxy answer into an {@link Attempt}. HTTP 200 alone proves nothing: a
 * proxy with one default integration response maps every Firehose error onto 200 with the error
 * JSON as body, so a record is delivered only when the body carries its {@code RecordId}. Handles
 * both that ("masked", all 200) and a strict deployment (Firehose errors as 400/500), API Gateway's
 * own errors, and transport failures ({@link TransportFailures}). Thread-safe.
 */
final class ResponseClassifier {
  private static final int MAX_DETAIL = 300;

  private final Clock clock;

  ResponseClassifier(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Classifies a complete response.
   *
   * @param route the route the request was sent on
   * @param sent number of records in the request
   * @param status HTTP status
   * @param header case-insensitive header lookup, {@code null} when absent
   * @param body the whole response body (empty if none)
   */
  Attempt classify(
      Route route, int sent, int status, Function<String, String> header, byte[] body) {
    Ids ids = new Ids(header.apply("x-amzn-RequestId"), header.apply("x-amz-apigw-id"));
    ProxyAnswer json = ProxyAnswer.parse(body);
    String headerType = FirehoseErrors.normalise(header.apply("x-amzn-ErrorType"));
    String bodyType = json == null ? null : FirehoseErrors.normalise(json.type());
    String type = bodyType != null ? bodyType : headerType;
    String message = json == null ? null : json.message();
    Duration retryAfter = retryAfter(header.apply("Retry-After"));

    if (status >= 200 && status < 300) {
      if (bodyType != null) {
        return firehoseError(status, bodyType, message, retryAfter, ids, true);
      }
      if (json == null) {
        return retry(
            status,
            FailureReason.UNEXPECTED_RESPONSE,
            status
                + " with an "
                + (body.length == 0 ? "empty" : "unparseable")
                + " body"
                + describe(body),
            retryAfter,
            ids,
            type);
      }
      return route == Route.SINGLE
          ? single(status, json, body, ids)
          : batch(status, json, body, sent, ids);
    }
    if (type != null && FirehoseErrors.isKnown(type)) {
      return firehoseError(status, type, message, retryAfter, ids, false);
    }
    String what = status + (message != null ? " " + message : describe(body));
    if (status == 403) {
      boolean route403 =
          "MissingAuthenticationTokenException".equals(type)
              || (message != null && message.contains("Missing Authentication Token"));
      return fatal(
          status,
          route403 ? FailureReason.ROUTE_NOT_FOUND : FailureReason.FORBIDDEN,
          route403
              ? what + " (API Gateway has no such route or method: check the endpoint URL)"
              : what + " (check the API key)",
          ids,
          type);
    }
    if (status == 404) {
      return fatal(status, FailureReason.ROUTE_NOT_FOUND, what, ids, type);
    }
    if (status == 413) {
      return Attempt.tooLarge(ids.response(status, type), what);
    }
    if (status == 415) {
      return fatal(status, FailureReason.UNSUPPORTED_MEDIA_TYPE, what, ids, type);
    }
    if (status == 408 || status == 429 || status >= 500 && status < 600) {
      return retry(status, FailureReason.RETRIES_EXHAUSTED, what, retryAfter, ids, type);
    }
    if (status >= 400 && status < 500) {
      return fatal(status, FailureReason.BAD_REQUEST, what, ids, type);
    }
    return fatal(status, FailureReason.UNEXPECTED_RESPONSE, what, ids, type);
  }

  private Attempt single(int status, ProxyAnswer json, byte[] body, Ids ids) {
    String recordId = json.recordId();
    if (recordId != null && !recordId.isEmpty()) {
      return Attempt.delivered(ids.response(status, null), List.of(Entry.delivered(recordId)));
    }
    return retry(
        status,
        FailureReason.UNEXPECTED_RESPONSE,
        status + " without RecordId" + describe(body),
        null,
        ids,
        null);
  }

  private Attempt batch(int status, ProxyAnswer json, byte[] body, int sent, Ids ids) {
    List<ProxyAnswer.ResponseEntry> responses = json.responses();
    Integer failedCount = json.failedPutCount();
    if (responses == null || failedCount == null) {
      return retry(
          status,
          FailureReason.UNEXPECTED_RESPONSE,
          status + " without FailedPutCount/RequestResponses" + describe(body),
          null,
          ids,
          null);
    }
    if (responses.size() != sent) {
      return fatal(
          status,
          FailureReason.UNEXPECTED_RESPONSE,
          "RequestResponses has " + responses.size() + " entries for " + sent + " records sent",
          ids,
          null);
    }
    List<Entry> entries = new ArrayList<>(sent);
    int failed = 0;
    for (ProxyAnswer.ResponseEntry r : responses) {
      String recordId = r.recordId();
      if (recordId != null && !recordId.isEmpty()) {
        entries.add(new Entry(recordId, null, null, null));
        continue;
      }
      failed++;
      String code = FirehoseErrors.normalise(r.errorCode());
      String msg = r.errorMessage();
      FailureReason reason;
      if (code == null || FirehoseErrors.isRetryable(code)) {
        reason = null;
      } else {
        FailureReason known = FirehoseErrors.fatalReason(code);
        reason = known != null ? known : FailureReason.UNEXPECTED_RESPONSE;
      }
      entries.add(new Entry(null, code == null ? "(no ErrorCode)" : code, msg, reason));
    }
    String detail =
        failed == 0
            ? null
            : failed + " of " + sent + " records failed (FailedPutCount " + failedCount + ")";
    return Attempt.batch(ids.response(status, null), entries, detail);
  }

  private Attempt firehoseError(
      int status, String type, String message, Duration retryAfter, Ids ids, boolean masked) {
    String what =
        status
            + (masked ? " (masked error) " : " ")
            + type
            + (message == null ? "" : ": " + abbreviate(message));
    if (FirehoseErrors.isRetryable(type)) {
      return retry(status, FailureReason.RETRIES_EXHAUSTED, what, retryAfter, ids, type);
    }
    FailureReason reason = FirehoseErrors.fatalReason(type);
    return fatal(
        status, reason != null ? reason : FailureReason.UNEXPECTED_RESPONSE, what, ids, type);
  }

  private static Attempt retry(
      int status, FailureReason reason, String detail, Duration retryAfter, Ids ids, String type) {
    return Attempt.retry(ids.response(status, type), reason, detail, retryAfter);
  }

  private static Attempt fatal(
      int status, FailureReason reason, String detail, Ids ids, String type) {
    return Attempt.fatal(ids.response(status, type), reason, detail);
  }

  /** {@code Retry-After} as delay-seconds or an HTTP-date; {@code null} if absent or invalid. */
  Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(clock.instant(), at.toInstant());
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String describe(byte[] body) {
    return body.length == 0
        ? ""
        : ": "
            + abbreviate(
                new String(body, 0, Math.min(body.length, MAX_DETAIL), StandardCharsets.UTF_8));
  }

  private static String abbreviate(String s) {
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "...";
  }

  private record Ids(String requestId, String apigwId) {
    Attempt.Response response(int status, String errorType) {
      return new Attempt.Response(status, requestId, apigwId, errorType);
    }
  }
}
