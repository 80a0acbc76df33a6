package dev.hydrant.infra.config;

/**
 * Stage execution-log level. Full request and response bodies (data trace) are never logged,
 * whatever the level: telemetry payloads stay out of CloudWatch.
 */
public enum ExecutionLogLevel {
  /** No execution logs. */
  OFF,
  /** Errors only (the default). */
  ERROR,
  /** Errors and informational events, without bodies. */
  INFO
}
