package dev.hydrant.testkit.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * What the emulated Firehose answers to one call.
 *
 * @param status HTTP status
 * @param body JSON 1.1 body
 * @param errorType the error's {@code __type}, or null on success
 */
public record FirehoseResult(int status, String body, String errorType) {

  static FirehoseResult ok(String body) {
    return new FirehoseResult(200, body, null);
  }

  static FirehoseResult error(int status, String type, String message) {
    return new FirehoseResult(
        status, "{\"__type\":\"" + type + "\",\"message\":\"" + quote(message) + "\"}", type);
  }

  static String quote(String text) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(text));
  }
}
