package dev.hydrant.internal.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reading the small JSON answers of the proxy and the credentials endpoint with jackson-core's
 * streaming parser: only the fields Hydrant needs are kept, everything else is skipped, and no tree
 * or data-binding machinery is loaded. A duplicate key behaves as in a JSON tree: the last value
 * wins. Thread-safe.
 */
final class SmallJson {
  /** Shared: a {@link JsonFactory} is thread-safe once configured, and this one never changes. */
  static final JsonFactory FACTORY = new JsonFactory();

  private SmallJson() {}

  /**
   * The value under the parser if it is a JSON string; otherwise skips it (with its children, if it
   * is an object or an array) and returns {@code null}.
   */
  static String text(JsonParser parser) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  /**
   * The value under the parser as an {@code int} if it is a number within {@code int}'s range (a
   * fraction is truncated, as a JSON tree's {@code asInt()} does); otherwise skips it and returns
   * {@code null}.
   */
  static Integer integer(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() == JsonParser.NumberType.INT) {
      return parser.getIntValue();
    }
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      double value = parser.getDoubleValue();
      if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
        return (int) value;
      }
    }
    parser.skipChildren();
    return null;
  }
}
