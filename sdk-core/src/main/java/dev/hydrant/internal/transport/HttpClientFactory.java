package dev.hydrant.internal.transport;

import dev.hydrant.HydrantConfig;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Makes the HTTP client (the connection pool) of a {@link ProxyTransport}. {@link #APACHE} is the
 * one Hydrant uses; tests substitute one that fails or waits.
 */
@FunctionalInterface
public interface HttpClientFactory {
  /** The AWS SDK's Apache client, configured from {@link HydrantConfig}. */
  HttpClientFactory APACHE = ProxyTransport::apacheClient;

  /**
   * Builds the client.
   *
   * @param config the client configuration (pool size, timeouts)
   * @param sockets the TLS socket factory every connection must use
   * @return a client ready for requests
   */
  SdkHttpClient build(HydrantConfig config, ConnectionSocketFactory sockets);
}
