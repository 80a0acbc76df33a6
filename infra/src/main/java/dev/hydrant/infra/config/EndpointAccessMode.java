package dev.hydrant.infra.config;

/**
 * The endpoint access mode API Gateway requires alongside an enhanced ({@code SecurityPolicy_*})
 * security policy; ignored with the legacy {@code TLS_1_2} policy.
 */
public enum EndpointAccessMode {
  /**
   * Requests must arrive through the same endpoint type and with an SNI host that matches the
   * domain (the default).
   */
  STRICT,
  /** No endpoint-type or SNI check, for migrating existing clients. */
  BASIC
}
