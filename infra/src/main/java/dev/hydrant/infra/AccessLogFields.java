package dev.hydrant.infra;

/**
 * The stage's access-log line: one JSON object per request. It records the negotiated TLS version
 * and cipher suite, so an auditor can see what clients really use, and never the request body.
 */
public final class AccessLogFields {

  /** The format string given to API Gateway (its {@code $context} variables). */
  public static final String FORMAT =
      "{\"requestId\":\"$context.requestId\","
          + "\"extendedRequestId\":\"$context.extendedRequestId\","
          + "\"ip\":\"$context.identity.sourceIp\","
          + "\"requestTime\":\"$context.requestTime\","
          + "\"httpMethod\":\"$context.httpMethod\","
          + "\"resourcePath\":\"$context.resourcePath\","
          + "\"status\":\"$context.status\","
          + "\"protocol\":\"$context.protocol\","
          + "\"responseLength\":\"$context.responseLength\","
          + "\"domainName\":\"$context.domainName\","
          + "\"tlsVersion\":\"$context.tlsVersion\","
          + "\"cipherSuite\":\"$context.cipherSuite\","
          + "\"apiKeyId\":\"$context.identity.apiKeyId\","
          + "\"integrationStatus\":\"$context.integration.status\","
          + "\"integrationLatency\":\"$context.integration.latency\","
          + "\"errorType\":\"$context.error.responseType\","
          + "\"errorMessage\":$context.error.messageString}";

  private AccessLogFields() {}
}
