package dev.hydrant.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway's {@code $input} for one request: {@code $input.body}, {@code $input.path(x)}, {@code
 * $input.json(x)} and {@code $input.params(x)}. The body is parsed as JSON on first use and only
 * then; JSONPath support covers {@code $}, {@code $.a.b} and {@code $.a[0]}. Not thread-safe (one
 * per request).
 */
public final class VtlInput {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Thrown when a template reads a body that is not valid JSON. */
  public static final class BodyNotJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyNotJsonException(String detail, Throwable cause) {
      super(detail, cause);
    }
  }

  private final byte[] body;
  private final Map<String, String> headers;
  private final Map<String, String> query;
  private Object root;
  private boolean parsed;

  /**
   * @param body the (decompressed) request body
   * @param headers request headers by lower-case name
   * @param query query parameters
   */
  public VtlInput(byte[] body, Map<String, String> headers, Map<String, String> query) {
    this.body = body;
    this.headers = headers;
    this.query = query;
  }

  int bodyLength() {
    return body.length;
  }

  /** The raw body as a string ({@code $input.body}). */
  public String getBody() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The value at a JSONPath, as an object ({@code $input.path(x)}); null if absent. */
  public Object path(String jsonPath) {
    return select(root(), jsonPath);
  }

  /** The value at a JSONPath, as JSON text ({@code $input.json(x)}). */
  public String json(String jsonPath) {
    try {
      return MAPPER.writeValueAsString(select(root(), jsonPath));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A header, query or path parameter by name ({@code $input.params(x)}); empty if absent. */
  public String params(String name) {
    String header = headers.get(name.toLowerCase(Locale.ROOT));
    if (header != null) {
      return header;
    }
    return query.getOrDefault(name, "");
  }

  private Object root() {
    if (!parsed) {
      parsed = true;
      if (body.length == 0) {
        root = Map.of();
      } else {
        try {
          root = MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
          throw new BodyNotJsonException(e.getOriginalMessage(), e);
        } catch (IOException e) {
          throw new BodyNotJsonException(String.valueOf(e.getMessage()), e);
        }
      }
    }
    return root;
  }

  static Object select(Object root, String jsonPath) {
    if (jsonPath == null || !jsonPath.startsWith("$")) {
      return null;
    }
    Object current = root;
    int i = 1;
    while (i < jsonPath.length() && current != null) {
      char c = jsonPath.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < jsonPath.length()
            && jsonPath.charAt(end) != '.'
            && jsonPath.charAt(end) != '[') {
          end++;
        }
        String key = jsonPath.substring(i + 1, end);
        current = current instanceof Map<?, ?> map ? map.get(key) : null;
        i = end;
      } else if (c == '[') {
        int end = jsonPath.indexOf(']', i);
        if (end < 0) {
          return null;
        }
        String index = jsonPath.substring(i + 1, end).trim();
        if (index.startsWith("'") && index.endsWith("'") && index.length() >= 2) {
          current =
              current instanceof Map<?, ?> map
                  ? map.get(index.substring(1, index.length() - 1))
                  : null;
        } else {
          try {
            int n = Integer.parseInt(index);
            current =
                current instanceof List<?> list && n >= 0 && n < list.size() ? list.get(n) : null;
          } catch (NumberFormatException e) {
            return null;
          }
        }
        i = end + 1;
      } else {
        return null;
      }
    }
    return current;
  }
}
