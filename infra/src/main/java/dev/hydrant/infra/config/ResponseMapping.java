package dev.hydrant.infra.config;

/** How Firehose's HTTP status reaches the client through the integration responses. */
public enum ResponseMapping {
  /**
   * Firehose 4xx becomes 400 (selection pattern {@code 4\d{2}}), 5xx becomes 500 ({@code 5\d{2}}),
   * anything else 200. The body is Firehose's JSON in every case. The default.
   */
  STRICT,
  /**
   * One default integration response, so every Firehose error reaches the client as HTTP 200 with
   * the error JSON as body. Only for clients that cannot be changed.
   */
  MASKED
}
