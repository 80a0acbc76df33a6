package dev.hydrant.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Firehose JSON 1.1 requests with a streaming parser, the way Firehose's deserializer does:
 * unknown members are ignored, a member of the wrong JSON type or malformed JSON is an {@link
 * IOException} (reported as {@code SerializationException}). Absent members are null. Stateless.
 */
final class FirehoseRequests {

  private static final JsonFactory JSON = new JsonFactory();

  private FirehoseRequests() {}

  /** PutRecord: the stream name and the record's base64 {@code Data} (null when absent). */
  record PutRecord(String name, String data) {}

  /**
   * PutRecordBatch: the stream name and each record's base64 {@code Data} (null list if absent).
   */
  record PutRecordBatch(String name, List<String> datas) {}

  /** ListDeliveryStreams paging parameters. */
  record ListDeliveryStreams(int limit, String exclusiveStart) {}

  static PutRecord putRecord(String body) throws IOException {
    String name = null;
    String data = null;
    try (JsonParser p = JSON.createParser(body)) {
      expect(p, JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("DeliveryStreamName")) {
          name = string(p, value, field);
        } else if (field.equals("Record")) {
          data = recordData(p, value);
        } else {
          p.skipChildren();
        }
      }
      expectEnd(p);
    }
    return new PutRecord(name, data);
  }

  static PutRecordBatch putRecordBatch(String body) throws IOException {
    String name = null;
    List<String> datas = null;
    try (JsonParser p = JSON.createParser(body)) {
      expect(p, JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("DeliveryStreamName")) {
          name = string(p, value, field);
        } else if (field.equals("Records")) {
          if (value == JsonToken.VALUE_NULL) {
            continue;
          }
          if (value != JsonToken.START_ARRAY) {
            throw new IOException("Start of list found where not expected");
          }
          datas = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            datas.add(recordData(p, p.currentToken()));
          }
        } else {
          p.skipChildren();
        }
      }
      expectEnd(p);
    }
    return new PutRecordBatch(name, datas);
  }

  static ListDeliveryStreams listDeliveryStreams(String body) throws IOException {
    int limit = 10;
    String start = null;
    try (JsonParser p = JSON.createParser(body)) {
      expect(p, JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("Limit") && value == JsonToken.VALUE_NUMBER_INT) {
          limit = p.getIntValue();
        } else if (field.equals("ExclusiveStartDeliveryStreamName")) {
          start = string(p, value, field);
        } else {
          p.skipChildren();
        }
      }
    }
    return new ListDeliveryStreams(limit, start);
  }

  static String recordData(JsonParser p, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_OBJECT) {
      throw new IOException("Start of structure or map found where not expected");
    }
    String data = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("Data")) {
        data = string(p, value, "Data");
      } else {
        p.skipChildren();
      }
    }
    return data;
  }

  static String string(JsonParser p, JsonToken token, String field) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw new IOException("Unexpected token " + token + " for " + field + ", expected a string");
    }
    return p.getText();
  }

  static void expect(JsonParser p, JsonToken token) throws IOException {
    if (p.nextToken() != token) {
      throw new IOException("Start of structure or map found where not expected");
    }
  }

  static void expectEnd(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw new IOException("Unexpected content after the end of the request object");
    }
  }
}
