package dev.hydrant.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.CredentialsException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The credential provider's answers read field by field, whatever else the JSON holds. */
class CredentialsAnswerTest {
  private static final URI ENDPOINT = URI.create("https://iot.example/role-aliases/r/credentials");
  private static final String GOOD =
      "\"accessKeyId\":\"ASIAEXAMPLE\",\"secretAccessKey\":\"s3cr3t\","
          + "\"sessionToken\":\"tok\",\"expiration\":\"2026-12-01T21:00:00Z\"";

  private static AwsCredentials read(String body) throws CredentialsException {
    return CredentialsAnswer.credentials(ENDPOINT, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheFourFieldsAmongUnknownNestedAndDuplicateMembers() throws Exception {
    AwsCredentials c =
        read(
            "{\"other\":{\"credentials\":{\"accessKeyId\":\"nested\"}},\"credentials\":{"
                + "\"accessKeyId\":\"first\",\"extra\":[1,{\"a\":null}],"
                + GOOD
                + "},\"more\":[]}");
    assertEquals("ASIAEXAMPLE", c.accessKeyId(), "the last duplicate wins");
    assertEquals("tok", c.sessionToken().orElseThrow());
    assertEquals(Instant.parse("2026-12-01T21:00:00Z"), c.expiration().orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{} | without accessKeyId",
        "'' | without accessKeyId",
        "[1,2] | without accessKeyId",
        "{\"credentials\":null} | without accessKeyId",
        "{\"credentials\":[\"ASIA\"]} | without accessKeyId",
        "{\"credentials\":{\"accessKeyId\":\"a\",\"secretAccessKey\":\"b\",\"sessionToken\":\"c\"}}"
            + " | without accessKeyId",
        "{\"credentials\":{\"accessKeyId\":7,\"secretAccessKey\":\"b\",\"sessionToken\":\"c\","
            + "\"expiration\":\"2026-12-01T21:00:00Z\"}} | without accessKeyId",
        "{\"credentials\":{\"accessKeyId\":null,\"secretAccessKey\":\"b\",\"sessionToken\":\"c\","
            + "\"expiration\":\"2026-12-01T21:00:00Z\"}} | without accessKeyId",
        "{\"credentials\":{\"accessKeyId\":\"a\",\"secretAccessKey\":\"s3cr3t\",\"sessionToken\":"
            + "\"c\",\"expiration\":\"tomorrow\"}} | malformed body (DateTimeParseException)",
        "{\"credentials\":{\"accessKeyId\":\" \",\"secretAccessKey\":\"s3cr3t\",\"sessionToken\":"
            + "\"c\",\"expiration\":\"2026-12-01T21:00:00Z\"}} | malformed body"
            + " (IllegalArgumentException)",
        "{\"credentials\":{\"secretAccessKey\":\"s3cr3t\" | malformed body",
        "{\"credentials\":{\"secretAccessKey\":\"s3cr3t\"}} trailing | without accessKeyId",
        "<html>s3cr3t</html> | malformed body",
      })
  void aBadAnswerIsUnavailableAndNeverQuotesTheBody(String body, String detail) {
    CredentialsException e = assertThrows(CredentialsException.class, () -> read(body));
    assertFalse(e.refused(), "a bad answer is retried, not a refusal");
    assertTrue(e.getMessage().contains(detail), e.getMessage());
    assertTrue(e.getMessage().startsWith("credentials endpoint " + ENDPOINT), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    assertNull(e.getCause());
  }

  @Test
  void errorMessagesAreReadCutAndDescribed() {
    assertEquals("Forbidden", message("{\"x\":{\"message\":\"no\"},\"message\":\"Forbidden\"}"));
    assertEquals("x".repeat(200) + "...", message("{\"message\":\"" + "x".repeat(500) + "\"}"));
    assertNull(message(""));
    assertNull(message("{\"message\":42}"));
    assertNull(message("[{\"message\":\"inner\"}]"));
    assertEquals("(9 bytes, not JSON)", message("not json!"));
    assertEquals("(14 bytes, not JSON)", message("{\"message\":\"a\""));
  }

  private static String message(String body) {
    return CredentialsAnswer.message(body.getBytes(StandardCharsets.UTF_8));
  }
}
