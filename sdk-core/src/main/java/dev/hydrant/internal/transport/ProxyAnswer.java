package dev.hydrant.internal.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields {@link ResponseClassifier} reads from a proxy answer's JSON body: Firehose's error
 * {@code __type} and {@code message}/{@code Message}, a single record's {@code RecordId}, a batch's
 * {@code FailedPutCount} and {@code RequestResponses}. Only top-level members count (a {@code
 * RecordId} nested in another object does not); a member of the wrong JSON type reads as absent;
 * unknown members are skipped.
 *
 * @param type {@code __type} if it is a string, else {@code null}
 * @param message {@code message} if it is a string, else {@code Message} if it is, else {@code
 *     null}
 * @param recordId {@code RecordId} if it is a string, else {@code null}
 * @param failedPutCount {@code FailedPutCount} if it is a number in {@code int} range, else {@code
 *     null}
 * @param responses {@code RequestResponses} if it is an array, else {@code null}
 */
record ProxyAnswer(
    String type,
    String message,
    String recordId,
    Integer failedPutCount,
    List<ResponseEntry> responses) {

  /**
   * One element of {@code RequestResponses}; an element that is not an object has no fields.
   *
   * @param recordId {@code RecordId} if it is a string, else {@code null}
   * @param errorCode {@code ErrorCode} if it is a string, else {@code null}
   * @param errorMessage {@code ErrorMessage} if it is a string, else {@code null}
   */
  record ResponseEntry(String recordId, String errorCode, String errorMessage) {}

  /**
   * Reads a body.
   *
   * @return the answer, or {@code null} if the body is empty, not valid JSON (truncated, invalid
   *     UTF-8, nested deeper than the parser allows) or its root is not an object; content after
   *     the root object is ignored
   */
  static ProxyAnswer parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try (JsonParser p = SmallJson.FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String type = null;
      String lower = null;
      String upper = null;
      String recordId = null;
      Integer failedPutCount = null;
      List<ResponseEntry> responses = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "__type" -> type = SmallJson.text(p);
          case "message" -> lower = SmallJson.text(p);
          case "Message" -> upper = SmallJson.text(p);
          case "RecordId" -> recordId = SmallJson.text(p);
          case "FailedPutCount" -> failedPutCount = SmallJson.integer(p);
          case "RequestResponses" -> responses = entries(p);
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        return null;
      }
      return new ProxyAnswer(
          type, lower != null ? lower : upper, recordId, failedPutCount, responses);
    } catch (IOException e) {
      // Not JSON (or not complete JSON): the classifier reports the body itself.
      return null;
    }
  }

  private static List<ResponseEntry> entries(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<ResponseEntry> entries = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) {
        throw new IOException("end of input inside RequestResponses");
      }
      entries.add(entry(p));
    }
    return entries;
  }

  private static ResponseEntry entry(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return new ResponseEntry(null, null, null);
    }
    String recordId = null;
    String errorCode = null;
    String errorMessage = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "RecordId" -> recordId = SmallJson.text(p);
        case "ErrorCode" -> errorCode = SmallJson.text(p);
        case "ErrorMessage" -> errorMessage = SmallJson.text(p);
        default -> p.skipChildren();
      }
    }
    return new ResponseEntry(recordId, errorCode, errorMessage);
  }
}
