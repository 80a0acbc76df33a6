package dev.hydrant.examples;

import com.sun.net.httpserver.HttpServer;
import dev.hydrant.HydrantClient;
import dev.hydrant.micrometer.HydrantMeters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves a client's metrics as Prometheus text on {@code http://127.0.0.1:PORT/metrics}, through
 * the Micrometer bridge, so that a person can watch a demo run with {@code curl}. Loopback only:
 * the demo is not a server. One daemon thread; {@link #close()} stops it.
 */
final class MetricsEndpoint implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpServer server;

  /**
   * Binds {@code port} on the loopback address (0: any free port) and starts serving.
   *
   * @throws IOException if the port cannot be bound
   * @throws IllegalArgumentException if {@code port} is not in 0..65535
   */
  MetricsEndpoint(HydrantClient client, int port) throws IOException {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--metrics-port must be in 0..65535, got " + port);
    }
    new HydrantMeters(client).bindTo(registry);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          int status = 200;
          byte[] body;
          try {
            body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          } catch (RuntimeException e) {
            // Answered, not dropped: curl shows why instead of hanging.
            status = 500;
            body = ("scrape failed: " + e + "\n").getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    registry.close();
  }
}
