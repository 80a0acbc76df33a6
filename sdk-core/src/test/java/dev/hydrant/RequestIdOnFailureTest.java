package dev.hydrant;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.internal.pipeline.DeadLetterFile;
import dev.hydrant.internal.transport.TlsFixtures;
import dev.hydrant.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed events carry the HTTP status and {@code x-amzn-RequestId} of the last attempt that carried
 * them: in {@code onFailed}, in the dead-letter file and in the log line, for API Gateway's 403 and
 * for a Firehose error the proxy masks as 200.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestIdOnFailureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FirehoseResponder responder = new FirehoseResponder();

  @RegisterExtension
  static final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE).extensions(responder))
          .build();

  @RegisterExtension final LogCapture logs = new LogCapture();

  @TempDir Path dir;

  private final List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();
  private final List<String> oldStyle = new CopyOnWriteArrayList<>();
  private HydrantClient client;

  @BeforeEach
  void stubEverything() {
    responder.reset();
    wm.stubFor(post(anyUrl()).willReturn(ok()));
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
  }

  private HydrantClient client() {
    return HydrantClient.builder()
        .endpoint("https://localhost:" + wm.getHttpsPort() + "/fh")
        .deliveryStream("stb-telemetry")
        .trust(TlsFixtures.trust())
        .deadLetterDirectory(dir)
        .listener(
            new DeliveryListener() {
              @Override
              public void onFailed(DeliveryFailure failure, List<EventRef> events) {
                failures.add(failure);
              }
            })
        .linger(Duration.ofMillis(10))
        .build();
  }

  private static String onlyServedRequestId() {
    List<ServeEvent> served = wm.getAllServeEvents();
    assertEquals(1, served.size());
    return served.get(0).getResponse().getHeaders().getHeader("x-amzn-RequestId").firstValue();
  }

  private void sendOneAndFlush() {
    client.send(
        UptimeEvent.builder(DeviceContext.builder("stb-403").build()).uptimeMs(1_000).build());
    assertTrue(client.flush(Duration.ofSeconds(10)));
  }

  private void assertReportedEverywhere(FailureReason reason, int status) throws Exception {
    String requestId = onlyServedRequestId();
    assertEquals(1, failures.size(), failures.toString());
    DeliveryFailure f = failures.get(0);
    assertEquals(reason, f.reason());
    assertEquals(status, f.statusCode());
    assertEquals(requestId, f.requestId().orElseThrow());

    List<String> lines = Files.readAllLines(dir.resolve(DeadLetterFile.FILE_NAME));
    assertEquals(1, lines.size());
    JsonNode dead = JSON.readTree(lines.get(0));
    assertEquals(reason.name(), dead.get("reason").asText());
    assertEquals(status, dead.get("status").asInt());
    assertEquals(requestId, dead.get("request_id").asText());

    assertEquals(
        1,
        logs.lines(LogCapture.at("WARN", "x-amzn-RequestId " + requestId)).size(),
        "the failure's log line names the request id");
    assertEquals(1, client.metrics().failedByReason().get(reason));
  }

  @Test
  void aForbiddenAnswerReachesOnFailedTheDeadLettersAndTheLogWithItsRequestId() throws Exception {
    responder.thenRespond(403, "{\"message\":\"Forbidden\"}");
    client = client();
    sendOneAndFlush();
    assertReportedEverywhere(FailureReason.FORBIDDEN, 403);
  }

  @Test
  void aMaskedFirehoseErrorReachesOnFailedWithItsRequestId() throws Exception {
    responder.thenRespond(
        200,
        "{\"__type\":\"ResourceNotFoundException\","
            + "\"message\":\"Firehose stb-telemetry not found under account 123456789012.\"}");
    client = client();
    sendOneAndFlush();
    DeliveryFailure f = failures.get(0);
    assertReportedEverywhere(f.reason(), 200);
    assertTrue(f.detail().contains("ResourceNotFoundException"), f.detail());
  }

  @Test
  void aListenerWrittenForTheThreeArgumentCallbackIsStillCalled() {
    responder.thenRespond(403, "{\"message\":\"Forbidden\"}");
    client =
        HydrantClient.builder()
            .endpoint("https://localhost:" + wm.getHttpsPort() + "/fh")
            .deliveryStream("stb-telemetry")
            .trust(TlsFixtures.trust())
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
                    oldStyle.add(reason + ": " + detail);
                  }
                })
            .linger(Duration.ofMillis(10))
            .build();
    sendOneAndFlush();
    assertEquals(1, oldStyle.size());
    assertTrue(oldStyle.get(0).startsWith("FORBIDDEN: 403 Forbidden"), oldStyle.toString());
  }
}
