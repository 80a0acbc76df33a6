package dev.hydrant.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * API Gateway's {@code $util}: {@code escapeJavaScript}, {@code base64Encode}, {@code
 * base64Decode}, {@code urlEncode}, {@code urlDecode}, {@code parseJson}. Stateless.
 */
public final class VtlUtil {

  static final VtlUtil INSTANCE = new VtlUtil();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private VtlUtil() {}

  /**
   * Escapes like Java's {@code StringEscapeUtils.escapeJavaScript}, which API Gateway uses: note
   * {@code '} becomes {@code \'}, which is not valid JSON.
   */
  public String escapeJavaScript(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\'' -> out.append("\\'");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '/' -> out.append("\\/");
        case '\b' -> out.append("\\b");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 32 || c > 0x7f) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** Base64 of the UTF-8 bytes of {@code s}. */
  public String base64Encode(String s) {
    return s == null ? "" : Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The UTF-8 text of base64 {@code s}. */
  public String base64Decode(String s) {
    return s == null ? "" : new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  /** {@code application/x-www-form-urlencoded} encoding. */
  public String urlEncode(String s) {
    return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** {@code application/x-www-form-urlencoded} decoding. */
  public String urlDecode(String s) {
    return s == null ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Parses JSON text into maps, lists and scalars. */
  public Object parseJson(String s) {
    try {
      return MAPPER.readValue(s, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
