package dev.hydrant.internal.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.Route;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theStreamedBodyIsByteForByteTheWrittenOneInAnyReadSize() throws Exception {
    Random random = new Random(7);
    List<byte[]> records = new ArrayList<>();
    for (int n : new int[] {1, 2, 3, 57, 3_071, 3_072, 3_073, 6_144, 49_153, 300_001}) {
      byte[] r = new byte[n];
      random.nextBytes(r);
      records.add(r);
    }
    for (List<byte[]> batch : List.of(records, List.of(records.get(0)))) {
      byte[] written = RequestBodies.write(Route.BATCH, "s-1", batch);
      assertEquals(written.length, RequestBodies.size(Route.BATCH, "s-1", batch));
      assertArrayEquals(written, RequestBodies.stream(Route.BATCH, "s-1", batch).readAllBytes());
      java.io.InputStream in = RequestBodies.stream(Route.BATCH, "s-1", batch);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] small = new byte[7];
      for (int n; (n = in.read(small, 0, 1 + random.nextInt(7))) >= 0; ) {
        out.write(small, 0, n);
      }
      assertArrayEquals(written, out.toByteArray());
    }
    byte[] single = RequestBodies.write(Route.SINGLE, "s", List.of(records.get(9)));
    assertArrayEquals(
        single, RequestBodies.stream(Route.SINGLE, "s", List.of(records.get(9))).readAllBytes());
    assertThrows(
        IllegalArgumentException.class,
        () -> RequestBodies.stream(Route.BATCH, "s", List.of()),
        "checked before anything is streamed");
  }

  @Test
  void singleBodyIsTheSeedShape() {
    byte[] body =
        RequestBodies.write(
            Route.SINGLE, "firehose-proxy", List.of(ascii("Hello from Miztiik to World2")));
    assertEquals(
        "{\"DeliveryStreamName\":\"firehose-proxy\",\"Data\":\"SGVsbG8gZnJvbSBNaXp0aWlrIHRvIFdvcmxkMg==\"}",
        new String(body, StandardCharsets.US_ASCII));
  }

  @Test
  void batchBodyDecodesToTheRecordsOfEverySize() throws Exception {
    Random random = new Random(42);
    List<byte[]> records = new ArrayList<>();
    for (int n : new int[] {0, 1, 2, 3, 4, 57, 58, 1000, 49_151, 49_152, 49_153, 98_306}) {
      byte[] r = new byte[n];
      random.nextBytes(r);
      records.add(r);
    }
    byte[] body = RequestBodies.write(Route.BATCH, "s.1-x_", records);
    JsonNode json = JSON.readTree(body);
    assertEquals("s.1-x_", json.get("DeliveryStreamName").asText());
    assertEquals(records.size(), json.get("Records").size());
    for (int i = 0; i < records.size(); i++) {
      String data = json.get("Records").get(i).get("Data").asText();
      assertArrayEquals(records.get(i), Base64.getDecoder().decode(data), "record " + i);
      assertFalse(data.contains("\n") || data.contains("\r"), "no MIME line breaks");
    }
  }

  @Test
  void largestRecordFitsAndHasNoLineBreaks() throws Exception {
    byte[] big = new byte[RequestBodies.MAX_RECORD_BYTES];
    new Random(1).nextBytes(big);
    byte[] body = RequestBodies.write(Route.SINGLE, "s", List.of(big));
    String data = JSON.readTree(body).get("Data").asText();
    assertEquals(1_365_336, data.length());
    assertArrayEquals(big, Base64.getDecoder().decode(data));
  }

  @Test
  void limitsAreEnforcedOnRawBytesWithMessagesNamingThem() {
    IllegalArgumentException tooBig =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RequestBodies.write(
                    Route.SINGLE, "s", List.of(new byte[RequestBodies.MAX_RECORD_BYTES + 1])));
    assertEquals(
        "record 0 has 1024001 bytes, more than the Firehose record limit of 1024000 raw bytes",
        tooBig.getMessage());
    assertEquals(
        "a batch holds 1..500 records, got 501",
        assertThrows(
                IllegalArgumentException.class,
                () -> RequestBodies.write(Route.BATCH, "s", Collections.nCopies(501, new byte[1])))
            .getMessage());
    assertEquals(
        "a batch holds 1..500 records, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> RequestBodies.write(Route.BATCH, "s", List.of()))
            .getMessage());
    List<byte[]> fiveMb = Collections.nCopies(5, new byte[1_000_000]);
    assertEquals(
        "batch has 5000000 raw bytes, more than the Firehose batch limit of 4194304",
        assertThrows(
                IllegalArgumentException.class, () -> RequestBodies.write(Route.BATCH, "s", fiveMb))
            .getMessage());
    assertEquals(
        "the SINGLE route sends exactly 1 record, got 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> RequestBodies.write(Route.SINGLE, "s", List.of(new byte[1], new byte[1])))
            .getMessage());
    IllegalArgumentException badName =
        assertThrows(
            IllegalArgumentException.class,
            () -> RequestBodies.write(Route.SINGLE, "bad\"name", List.of(new byte[1])));
    assertTrue(badName.getMessage().contains("bad\"name"), badName.getMessage());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
