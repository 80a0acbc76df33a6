package dev.hydrant.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.FailureReason;
import dev.hydrant.Route;
import dev.hydrant.internal.transport.Attempt.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseClassifierTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final ResponseClassifier classifier =
      new ResponseClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

  private Attempt single(int status, String body, String... headers) {
    return classify(Route.SINGLE, 1, status, body, headers);
  }

  private Attempt classify(Route route, int sent, int status, String body, String... headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return classifier.classify(
        route, sent, status, map::get, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void deliveredOnlyWithARecordId() {
    Attempt a =
        single(
            200,
            "{\"RecordId\":\"rid-1\",\"Encrypted\":false}",
            "x-amzn-RequestId",
            "req-1",
            "x-amz-apigw-id",
            "gw-1");
    assertEquals(Outcome.DELIVERED, a.outcome());
    assertEquals("rid-1", a.entries().get(0).recordId());
    assertEquals("req-1", a.requestId());
    assertEquals("gw-1", a.apigwId());
    assertNull(a.reason());
  }

  @ParameterizedTest
  @CsvSource({
    "com.amazonaws.firehose#ServiceUnavailableException:http://internal.amazon.com/,RETRY,",
    "InternalFailure,RETRY,",
    "ThrottlingException,RETRY,",
    "ResourceNotFoundException,FATAL,STREAM_NOT_FOUND",
    "InvalidArgumentException,FATAL,INVALID_ARGUMENT",
    "ValidationException,FATAL,INVALID_ARGUMENT",
    "SerializationException,FATAL,INVALID_ARGUMENT",
    "AccessDeniedException,FATAL,ACCESS_DENIED",
    "InvalidKMSResourceException,FATAL,BACKEND_CONFIGURATION",
    "InvalidSourceException,FATAL,BACKEND_CONFIGURATION",
    "SomethingNewException,FATAL,UNEXPECTED_RESPONSE"
  })
  void firehoseErrorsMaskedAs200AreClassifiedByType(
      String type, Outcome outcome, FailureReason reason) {
    Attempt a = single(200, "{\"__type\":\"" + type + "\",\"message\":\"Slow down.\"}");
    assertEquals(outcome, a.outcome());
    if (reason != null) {
      assertEquals(reason, a.reason());
    }
    assertTrue(a.detail().contains("masked"), a.detail());
    assertTrue(a.detail().contains("Slow down."), a.detail());
  }

  @Test
  void strictModeFirehoseErrorsUseTheSameRules() {
    Attempt notFound =
        single(
            400,
            "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Firehose x not found"
                + " under account.\"}");
    assertEquals(FailureReason.STREAM_NOT_FOUND, notFound.reason());
    assertEquals(Outcome.FATAL, notFound.outcome());
    Attempt unavailable = single(500, "{\"__type\":\"ServiceUnavailableException\"}");
    assertEquals(Outcome.RETRY, unavailable.outcome());
    Attempt denied =
        single(
            400,
            "{\"Message\":\"User is not authorized\"}",
            "x-amzn-ErrorType",
            "AccessDeniedException:http://internal");
    assertEquals(FailureReason.ACCESS_DENIED, denied.reason());
    assertEquals("AccessDeniedException", denied.errorType());
  }

  @Test
  void emptyOrUnparseable200IsNotDelivered() {
    Attempt empty = single(200, "");
    assertEquals(Outcome.RETRY, empty.outcome());
    assertEquals(FailureReason.UNEXPECTED_RESPONSE, empty.reason());
    assertTrue(empty.detail().contains("empty"), empty.detail());
    Attempt html = single(200, "<html>oops</html>");
    assertEquals(Outcome.RETRY, html.outcome());
    assertTrue(html.detail().contains("unparseable"), html.detail());
    Attempt noId = single(200, "{\"Encrypted\":false}");
    assertEquals(Outcome.RETRY, noId.outcome());
    assertEquals(FailureReason.UNEXPECTED_RESPONSE, noId.reason());
  }

  @Test
  void apiGatewayErrors() {
    assertEquals(FailureReason.FORBIDDEN, single(403, "{\"message\":\"Forbidden\"}").reason());
    Attempt route =
        single(
            403,
            "{\"message\":\"Missing Authentication Token\"}",
            "x-amzn-ErrorType",
            "MissingAuthenticationTokenException");
    assertEquals(FailureReason.ROUTE_NOT_FOUND, route.reason());
    assertEquals(Outcome.FATAL, route.outcome());
    Attempt tooLarge = single(413, "{\"message\":\"Request Too Long\"}");
    assertEquals(Outcome.TOO_LARGE, tooLarge.outcome());
    assertEquals(FailureReason.PAYLOAD_TOO_LARGE, tooLarge.reason());
    assertEquals(
        FailureReason.UNSUPPORTED_MEDIA_TYPE,
        single(415, "{\"message\":\"Unsupported Media Type\"}").reason());
    assertEquals(
        FailureReason.BAD_REQUEST,
        single(400, "{\"message\": \"Could not parse request body into json\"}").reason());
    Attempt throttled = single(429, "{\"message\":\"Too Many Requests\"}", "Retry-After", "2");
    assertEquals(Outcome.RETRY, throttled.outcome());
    assertEquals(Duration.ofSeconds(2), throttled.retryAfter());
    for (int status : new int[] {500, 502, 503, 504}) {
      Attempt a = single(status, "{\"message\":\"Endpoint request timed out\"}");
      assertEquals(Outcome.RETRY, a.outcome(), "status " + status);
      assertTrue(a.detail().startsWith(status + " "), a.detail());
    }
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    assertEquals(Duration.ofSeconds(7), classifier.retryAfter("7"));
    assertEquals(Duration.ofSeconds(90), classifier.retryAfter("Fri, 27 Nov 2026 12:01:30 GMT"));
    assertEquals(Duration.ZERO, classifier.retryAfter("Fri, 27 Nov 2026 11:00:00 GMT"));
    assertNull(classifier.retryAfter("soon"));
    assertNull(classifier.retryAfter(null));
  }

  @Test
  void batchPartialFailureKeepsIndexesCodesAndRecordIds() {
    Attempt a =
        classify(
            Route.BATCH,
            3,
            200,
            "{\"FailedPutCount\":2,\"Encrypted\":false,\"RequestResponses\":["
                + "{\"ErrorCode\":\"ServiceUnavailableException\",\"ErrorMessage\":\"Slow down.\"},"
                + "{\"RecordId\":\"r-2\"},"
                + "{\"ErrorCode\":\"InvalidArgumentException\",\"ErrorMessage\":\"bad\"}]}");
    assertEquals(Outcome.PARTIAL, a.outcome());
    assertEquals("ServiceUnavailableException", a.entries().get(0).errorCode());
    assertNull(a.entries().get(0).fatalReason());
    assertEquals("r-2", a.entries().get(1).recordId());
    assertEquals(FailureReason.INVALID_ARGUMENT, a.entries().get(2).fatalReason());
    assertTrue(a.detail().contains("2 of 3"), a.detail());
  }

  @Test
  void batchWithAllRecordIdsIsDelivered() {
    Attempt a =
        classify(
            Route.BATCH,
            2,
            200,
            "{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"a\"},{\"RecordId\":\"b\"}]}");
    assertEquals(Outcome.DELIVERED, a.outcome());
    assertEquals("b", a.entries().get(1).recordId());
  }

  @Test
  void batchLengthMismatchIsUnexpected() {
    Attempt a =
        classify(
            Route.BATCH,
            3,
            200,
            "{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"a\"}]}");
    assertEquals(Outcome.FATAL, a.outcome());
    assertEquals(FailureReason.UNEXPECTED_RESPONSE, a.reason());
    assertTrue(a.detail().contains("1 entries for 3"), a.detail());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"RecordId\":\"r\",\"Extra\":{\"a\":[1,{\"b\":null}],\"c\":[[]]}} | r",
        "{\"Extra\":[{\"RecordId\":\"nested\"}],\"RecordId\":\"r\"} | r",
        "{\"RecordId\":\"first\",\"RecordId\":\"last\"} | last",
        "  {\"RecordId\" : \"spaced\"}  | spaced",
      })
  void singleReadsOnlyTheTopLevelRecordIdWhateverSurroundsIt(String body, String recordId) {
    Attempt a = single(200, body);
    assertEquals(Outcome.DELIVERED, a.outcome(), a.detail());
    assertEquals(recordId, a.entries().get(0).recordId());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Extra\":{\"RecordId\":\"nested\"}} | without RecordId",
        "{\"RecordId\":42} | without RecordId",
        "{\"RecordId\":null} | without RecordId",
        "{\"RecordId\":[\"a\"]} | without RecordId",
        "{\"RecordId\":{\"RecordId\":\"a\"}} | without RecordId",
        "{\"RecordId\":\"\"} | without RecordId",
        "{\"RecordId\":\"a\",\"RecordId\":null} | without RecordId",
        "{\"RecordId\":\"a\" | unparseable",
        "{\"RecordId\":\"a\", | unparseable",
        "{\"RecordId\":\"a\",} | unparseable",
        "{\"RecordId\":\"a\",\"x\":[1,2 | unparseable",
        "{RecordId:\"a\"} | unparseable",
        "[{\"RecordId\":\"a\"}] | unparseable",
        "\"RecordId\" | unparseable",
        "null | unparseable",
        "'   ' | unparseable",
      })
  void singleWithoutATopLevelStringRecordIdIsRetriedAsUnexpected(String body, String detail) {
    Attempt a = single(200, body);
    assertEquals(Outcome.RETRY, a.outcome(), a.detail());
    assertEquals(FailureReason.UNEXPECTED_RESPONSE, a.reason());
    assertTrue(a.detail().startsWith("200 "), a.detail());
    assertTrue(a.detail().contains(detail), a.detail());
  }

  @Test
  void invalidUtf8AndAbsurdNestingAreUnparseableNotACrash() {
    byte[] badUtf8 = {'{', '"', 'R', 'e', 'c', 'o', 'r', 'd', 'I', 'd', '"', ':', '"', (byte) 0xC3};
    Attempt utf8 = classifier.classify(Route.SINGLE, 1, 200, name -> null, badUtf8);
    assertEquals(Outcome.RETRY, utf8.outcome());
    assertTrue(utf8.detail().contains("unparseable"), utf8.detail());
    String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"RecordId\":\"r\"}";
    Attempt nested = single(200, deep);
    assertEquals(Outcome.RETRY, nested.outcome());
    assertTrue(nested.detail().contains("unparseable"), nested.detail().substring(0, 40));
  }

  @Test
  void aMaskedErrorTypeMustBeAString() {
    Attempt numeric = single(200, "{\"__type\":7,\"message\":\"Slow down.\"}");
    assertEquals(Outcome.RETRY, numeric.outcome());
    assertEquals(FailureReason.UNEXPECTED_RESPONSE, numeric.reason());
    assertTrue(numeric.detail().contains("without RecordId"), numeric.detail());
    // a 4xx body with a non-string __type falls back to the header's type
    Attempt header =
        single(
            400,
            "{\"__type\":{\"x\":1},\"message\":null,\"Message\":\"User is not authorized\"}",
            "x-amzn-ErrorType",
            "AccessDeniedException");
    assertEquals(FailureReason.ACCESS_DENIED, header.reason());
    assertTrue(header.detail().contains("User is not authorized"), header.detail());
    // the last of duplicate __type keys counts
    Attempt last =
        single(
            200, "{\"__type\":\"ResourceNotFoundException\",\"__type\":\"ThrottlingException\"}");
    assertEquals(Outcome.RETRY, last.outcome());
    assertEquals("ThrottlingException", last.errorType());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"FailedPutCount\":\"0\",\"RequestResponses\":[{\"RecordId\":\"a\"}]}",
        "{\"FailedPutCount\":null,\"RequestResponses\":[{\"RecordId\":\"a\"}]}",
        "{\"FailedPutCount\":1e20,\"RequestResponses\":[{\"RecordId\":\"a\"}]}",
        "{\"FailedPutCount\":99999999999,\"RequestResponses\":[{\"RecordId\":\"a\"}]}",
        "{\"FailedPutCount\":0,\"RequestResponses\":{\"0\":{\"RecordId\":\"a\"}}}",
        "{\"FailedPutCount\":0,\"RequestResponses\":null}",
        "{\"FailedPutCount\":0}",
        "{\"Nested\":{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"a\"}]}}",
      })
  void batchWithoutUsableFailedPutCountOrRequestResponsesIsRetried(String body) {
    Attempt a = classify(Route.BATCH, 1, 200, body);
    assertEquals(Outcome.RETRY, a.outcome(), a.detail());
    assertEquals(FailureReason.UNEXPECTED_RESPONSE, a.reason());
    assertTrue(a.detail().contains("without FailedPutCount/RequestResponses"), a.detail());
  }

  @Test
  void batchEntriesOfTheWrongShapeAreFailedRecordsNotACrash() {
    Attempt a =
        classify(
            Route.BATCH,
            5,
            200,
            "{\"RequestResponses\":[{\"RecordId\":\"a\"},\"b\",null,"
                + "{\"RecordId\":7,\"ErrorCode\":null},"
                + "{\"X\":{\"RecordId\":\"n\"},\"ErrorCode\":\"InvalidArgumentException\","
                + "\"ErrorCode\":\"ServiceUnavailableException\"}],"
                + "\"FailedPutCount\":4.0,\"Unknown\":[{}]}");
    assertEquals(Outcome.PARTIAL, a.outcome(), a.detail());
    assertEquals("a", a.entries().get(0).recordId());
    for (int i = 1; i < 4; i++) {
      assertNull(a.entries().get(i).recordId());
      assertEquals("(no ErrorCode)", a.entries().get(i).errorCode());
      assertNull(a.entries().get(i).fatalReason(), "no ErrorCode is retried");
    }
    assertNull(a.entries().get(4).recordId());
    assertEquals("ServiceUnavailableException", a.entries().get(4).errorCode());
    assertNull(a.entries().get(4).fatalReason());
    assertTrue(a.detail().contains("4 of 5 records failed (FailedPutCount 4)"), a.detail());
  }

  @Test
  void aTruncatedBatchAnswerIsUnparseableEvenWhenEveryRecordIdWasRead() {
    Attempt a =
        classify(
            Route.BATCH,
            1,
            200,
            "{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"a\"}]");
    assertEquals(Outcome.RETRY, a.outcome());
    assertTrue(a.detail().contains("unparseable"), a.detail());
  }
}
