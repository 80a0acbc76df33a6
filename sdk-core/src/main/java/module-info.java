/**
 * Hydrant: a device SDK that ships telemetry events to Amazon Data Firehose through an API Gateway
 * proxy, over TLS 1.2 or newer, with bounded buffering, a crash-safe disk spool and retries that
 * understand the proxy's failure modes.
 *
 * <p>Start with {@link dev.hydrant.HydrantClient#builder()}.
 */
module dev.hydrant.core {
  exports dev.hydrant;
  exports dev.hydrant.auth;
  exports dev.hydrant.event;
  exports dev.hydrant.tls;

  requires transitive org.slf4j;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.retry;
  requires org.apache.httpcomponents.httpclient;
  requires org.apache.httpcomponents.httpcore;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.apache;
  requires software.amazon.awssdk.http.auth.aws;
  requires software.amazon.awssdk.http.auth.spi;
  requires software.amazon.awssdk.identity.spi;
}
