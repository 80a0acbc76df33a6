package dev.hydrant.internal.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hydrant.Route;
import dev.hydrant.internal.transport.Attempt.Outcome;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A response body over the 1 MiB cap is cut off, and the reason says so. */
class OversizedResponseTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE))
          .build();

  @Test
  void theReasonNamesTheCap() {
    byte[] body = new byte[3 << 20];
    Arrays.fill(body, (byte) 'x');
    wm.stubFor(post("/fh").willReturn(aResponse().withStatus(200).withBody(body)));
    try (ProxyTransport t = new ProxyTransport(TlsFixtures.config(wm.getHttpsPort(), null))) {
      Attempt a = t.send(Route.SINGLE, List.of(new byte[] {1}));
      assertEquals(Outcome.RETRY, a.outcome());
      assertTrue(a.detail().contains("response body larger than 1 MiB"), a.detail());
      assertEquals(0, t.leasedConnections());
    }
  }
}
