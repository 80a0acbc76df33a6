package dev.hydrant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A WireMock extension answering like the proxy in front of Firehose: {@code RecordId}s for the
 * single route, a full {@code PutRecordBatch} response for the batch route, and whatever the test
 * scripted first. It also decodes and keeps every request's records, so tests can compare the exact
 * events that went over the wire.
 */
final class FirehoseResponder implements ResponseDefinitionTransformerV2 {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received: its path and its records' raw (base64-decoded) bytes. */
  record Received(String path, List<byte[]> records, long nanoTime) {}

  private sealed interface Plan permits Status, FailIndexes {}

  private record Status(int status, String body) implements Plan {}

  private record FailIndexes(Set<Integer> indexes) implements Plan {}

  private final Deque<Plan> plans = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private long outageUntilNanos = Long.MIN_VALUE;
  private String poison;
  private int delayMillis;

  @Override
  public String getName() {
    return "firehose-responder";
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  /** The next request gets this status and body instead of a success. */
  synchronized FirehoseResponder thenRespond(int status, String body) {
    plans.addLast(new Status(status, body));
    return this;
  }

  /** The next (batch) request gets a 200 whose entries at these indexes failed ("Slow down."). */
  synchronized FirehoseResponder thenFailEntries(Integer... indexes) {
    plans.addLast(new FailIndexes(Set.of(indexes)));
    return this;
  }

  /** Every request for this long answers 503. */
  synchronized void outageFor(long millis) {
    outageUntilNanos = System.nanoTime() + millis * 1_000_000;
  }

  /** From now on, every batch entry whose data contains {@code marker} fails ("Slow down."). */
  synchronized void alwaysFailRecordsContaining(String marker) {
    poison = marker;
  }

  /** From now on, every answer is sent after this delay (requests may overlap meanwhile). */
  synchronized void delayAnswers(int millis) {
    delayMillis = millis;
  }

  synchronized List<Received> received() {
    return new ArrayList<>(received);
  }

  synchronized void reset() {
    plans.clear();
    received.clear();
    outageUntilNanos = Long.MIN_VALUE;
    poison = null;
    delayMillis = 0;
  }

  /** Every NDJSON line in every record of every request, in arrival order. */
  List<String> receivedLines() {
    List<String> lines = new ArrayList<>();
    for (Received r : received()) {
      for (byte[] record : r.records()) {
        String text = new String(record, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
    }
    return lines;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
    String path = serveEvent.getRequest().getUrl();
    List<byte[]> records = decode(serveEvent.getRequest().getBodyAsString());
    received.add(new Received(path, records, System.nanoTime()));
    if (System.nanoTime() < outageUntilNanos) {
      return json(503, "{\"message\":\"Service Unavailable\"}", delayMillis);
    }
    Plan plan = plans.pollFirst();
    if (plan instanceof Status s) {
      return json(s.status(), s.body(), delayMillis);
    }
    Set<Integer> failing = plan instanceof FailIndexes f ? f.indexes() : Set.of();
    if (!path.endsWith("/batch")) {
      return json(200, "{\"RecordId\":\"" + recordId() + "\",\"Encrypted\":false}", delayMillis);
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode entries = body.putArray("RequestResponses");
    int failed = 0;
    for (int i = 0; i < records.size(); i++) {
      ObjectNode entry = entries.addObject();
      if (failing.contains(i)
          || poison != null
              && new String(records.get(i), StandardCharsets.UTF_8).contains(poison)) {
        entry.put("ErrorCode", "ServiceUnavailableException");
        entry.put("ErrorMessage", "Slow down.");
        failed++;
      } else {
        entry.put("RecordId", recordId());
      }
    }
    body.put("FailedPutCount", failed);
    body.put("Encrypted", false);
    return json(200, body.toString(), delayMillis);
  }

  private static ResponseDefinition json(int status, String body, int delayMillis) {
    return ResponseDefinitionBuilder.responseDefinition()
        .withFixedDelay(delayMillis > 0 ? delayMillis : null)
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
        .withBody(body)
        .build();
  }

  private static List<byte[]> decode(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      List<byte[]> out = new ArrayList<>();
      if (root.has("Records")) {
        for (JsonNode r : root.get("Records")) {
          out.add(Base64.getDecoder().decode(r.get("Data").asText()));
        }
      } else {
        out.add(Base64.getDecoder().decode(root.get("Data").asText()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String recordId() {
    return UUID.randomUUID().toString().replace("-", "") + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
  }
}
