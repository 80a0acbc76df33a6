package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WiringTest {
  @Test
  void endpointInLogsKeepsHostPortAndPathButNotUserInfoOrQuery() {
    assertEquals(
        "https://proxy.example.com:8443/prod/fh",
        Wiring.endpointForLogs(
            URI.create("https://user:pa55word@proxy.example.com:8443/prod/fh?token=abc#x")));
    assertEquals(
        "https://proxy.example.com/fh",
        Wiring.endpointForLogs(URI.create("https://proxy.example.com/fh")));
    assertEquals("(no endpoint)", Wiring.endpointForLogs(null));
  }
}
