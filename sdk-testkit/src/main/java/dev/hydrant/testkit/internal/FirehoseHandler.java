package dev.hydrant.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The Firehose endpoint on its own: {@code POST /} with {@code X-Amz-Target:
 * Firehose_20150804.<Op>} or API Gateway's {@code ?Action=<Op>} form. Credentials and signatures
 * are not checked. Thread-safe.
 */
public final class FirehoseHandler implements Function<HttpRequest, HttpResponse> {

  private static final String TARGET_PREFIX = "Firehose_20150804.";
  private final FirehoseService service;

  /** Serves {@code service}. */
  public FirehoseHandler(FirehoseService service) {
    this.service = service;
  }

  @Override
  public HttpResponse apply(HttpRequest request) {
    Map<String, String> headers = HttpResponse.newHeaders();
    headers.put("x-amzn-RequestId", GatewayHandler.fastUuid());
    headers.put("Content-Type", "application/x-amz-json-1.1");
    FirehoseResult result;
    if (request.bodyTooLarge()) {
      result = FirehoseResult.error(413, "SerializationException", "Request entity too large");
    } else if (!request.method().equals("POST") || !request.path().equals("/")) {
      result = FirehoseResult.error(400, "UnknownOperationException", "Unknown operation");
    } else {
      result =
          service.invoke(operation(request), new String(request.body(), StandardCharsets.UTF_8));
    }
    if (result.errorType() != null) {
      headers.put("x-amzn-ErrorType", result.errorType());
    }
    HttpResponse response = HttpResponse.json(result.status(), headers, result.body());
    return request.bodyTooLarge() ? response.closing() : response;
  }

  private static String operation(HttpRequest request) {
    String target = request.header("x-amz-target");
    if (target != null) {
      return target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
    }
    return request.queryParameter("Action");
  }
}
