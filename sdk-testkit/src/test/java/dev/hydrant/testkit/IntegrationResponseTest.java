package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Integration-response modes and the masked failure modes, through the API Gateway routes. */
@Timeout(60)
class IntegrationResponseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR = FirehoseEmulatorExtension.create();

  private HttpClient client;

  @BeforeEach
  void client() {
    client = Http.client(EMULATOR.emulator());
  }

  private JsonNode post(String body, int expectedStatus) throws Exception {
    HttpResponse<String> response = Http.post(client, EMULATOR.endpoint(), body);
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  @Test
  void seedModeMasksUnknownStreamAs200WithFirehoseErrorBody() throws Exception {
    JsonNode body = post(Http.single("firehose-proxy", "x"), 200);

    assertEquals("ResourceNotFoundException", body.get("__type").asText());
    assertEquals(
        "Firehose firehose-proxy under account 123456789012 not found.",
        body.get("message").asText());
    assertTrue(EMULATOR.deliveredRecords().isEmpty());
  }

  @Test
  void strictModeMaps4xxTo400And5xxTo500WithTheSameBody() throws Exception {
    EMULATOR.emulator().mode(IntegrationMode.STRICT);

    JsonNode notFound = post(Http.single("firehose-proxy", "x"), 400);
    EMULATOR.emulator().faults(Faults.builder().maskedErrorRate(1).build());
    JsonNode unavailable = post(Http.single("stb-telemetry", "x"), 500);
    EMULATOR.emulator().faults(Faults.none());
    JsonNode ok = post(Http.single("stb-telemetry", "x"), 200);

    assertEquals("ResourceNotFoundException", notFound.get("__type").asText());
    assertEquals("ServiceUnavailableException", unavailable.get("__type").asText());
    assertEquals("Slow down.", unavailable.get("message").asText());
    assertTrue(ok.hasNonNull("RecordId"));
    assertEquals(1, EMULATOR.deliveredRecords().size());
  }

  @Test
  void quoteInStreamNameSendsInvalidJsonToFirehoseMaskedAs200() throws Exception {
    // Valid client JSON; the template pastes the name unescaped, so Firehose gets broken JSON.
    JsonNode body = post("{\"DeliveryStreamName\":\"stb\\\"telemetry\",\"Data\":\"eA==\"}", 200);

    assertEquals("SerializationException", body.get("__type").asText());
    assertTrue(EMULATOR.deliveredRecords().isEmpty());
    assertEquals(1L, EMULATOR.stats().firehoseCallsByOutcome().get("SerializationException"));
  }

  @Test
  void emptyDataIsStoredSilently() throws Exception {
    JsonNode body = post("{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"\"}", 200);
    JsonNode missing = post("{\"DeliveryStreamName\":\"stb-telemetry\"}", 200);

    assertTrue(body.hasNonNull("RecordId"));
    assertTrue(missing.hasNonNull("RecordId"));
    assertEquals(2, EMULATOR.deliveredRecords().size());
    assertEquals(0, EMULATOR.deliveredRecords().get(0).data().length);
    assertEquals(0, EMULATOR.stats().bytesDelivered());
  }

  @Test
  void missingStreamNameFailsValidationMaskedAs200() throws Exception {
    JsonNode body = post("{\"Data\":\"eA==\"}", 200);

    assertEquals("ValidationException", body.get("__type").asText());
    assertTrue(body.get("message").asText().contains("at 'deliveryStreamName'"), body.toString());
  }

  @Test
  void invalidBase64IsASerializationError() throws Exception {
    JsonNode urlSafe = post("{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"-_-_\"}", 200);
    JsonNode unpadded = post("{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"eA\"}", 200);
    JsonNode mime =
        post("{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"eA==\\r\\neA==\"}", 200);

    for (JsonNode body : List.of(urlSafe, unpadded, mime)) {
      assertEquals("SerializationException", body.get("__type").asText(), body.toString());
    }
  }

  @Test
  void recordOverTheLimitFailsValidation() throws Exception {
    byte[] raw = new byte[1_024_001];
    Arrays.fill(raw, (byte) 'a');
    String data = java.util.Base64.getEncoder().encodeToString(raw);
    String exact = java.util.Base64.getEncoder().encodeToString(Arrays.copyOf(raw, 1_024_000));

    JsonNode tooBig =
        post("{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"" + data + "\"}", 200);
    JsonNode atLimit =
        post("{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"" + exact + "\"}", 200);

    assertEquals("ValidationException", tooBig.get("__type").asText());
    assertTrue(tooBig.get("message").asText().contains("1024000"));
    assertTrue(atLimit.hasNonNull("RecordId"));
    assertEquals(1_024_000, EMULATOR.stats().bytesDelivered());
  }

  @Test
  void batchLimitsAreRecordCountAndFourMebibytes() throws Exception {
    String[] many = new String[501];
    Arrays.fill(many, "x");
    String[] empty = new String[0];
    char[] max = new char[1_024_000];
    Arrays.fill(max, 'm');
    String maxRecord = new String(max);

    JsonNode tooMany = postBatch(Http.batch("stb-telemetry", many));
    JsonNode none = postBatch(Http.batch("stb-telemetry", empty));
    // 4 x 1,024,000 = 4,096,000 raw bytes plus 98,304 is exactly 4 MiB; one byte more is over.
    String m = maxRecord;
    JsonNode tooLarge = postBatch(Http.batch("stb-telemetry", m, m, m, m, "y".repeat(98_305)));
    JsonNode fits = postBatch(Http.batch("stb-telemetry", m, m, m, m, "y".repeat(98_304)));

    assertEquals("ValidationException", tooMany.get("__type").asText());
    assertEquals("ValidationException", none.get("__type").asText());
    assertEquals("InvalidArgumentException", tooLarge.get("__type").asText());
    assertEquals(0, fits.get("FailedPutCount").asInt(), fits.toString());
    assertEquals(5, EMULATOR.deliveredRecords().size());
    assertEquals(4 * 1024 * 1024, EMULATOR.stats().bytesDelivered());
  }

  private JsonNode postBatch(String body) throws Exception {
    HttpResponse<String> response = Http.post(client, EMULATOR.batchEndpoint(), body);
    assertEquals(200, response.statusCode());
    return JSON.readTree(response.body());
  }
}
