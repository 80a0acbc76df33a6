package dev.hydrant.internal.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.CredentialsException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads the AWS IoT credential provider's answers (see {@link CredentialsEndpoint}) with the
 * streaming parser: {@code {"credentials":{"accessKeyId", "secretAccessKey", "sessionToken",
 * "expiration"}}} on success, {@code {"message"}} on an error. Unknown members are skipped; a
 * duplicate key's last value wins.
 */
final class CredentialsAnswer {
  private static final List<String> FIELDS =
      List.of("accessKeyId", "secretAccessKey", "sessionToken", "expiration");

  private CredentialsAnswer() {}

  /**
   * The credentials of a 200 answer.
   *
   * @param uri the endpoint, for the messages
   * @throws CredentialsException (unavailable, never refused) if a field is missing or not a
   *     string, or the body is not JSON; the message never quotes the body
   */
  static AwsCredentials credentials(URI uri, byte[] body) throws CredentialsException {
    try {
      String[] fields = credentialFields(body);
      if (fields == null) {
        throw new CredentialsException(
            "credentials endpoint "
                + uri
                + " answered 200 without accessKeyId, secretAccessKey, sessionToken and"
                + " expiration",
            false);
      }
      return AwsCredentials.temporary(fields[0], fields[1], fields[2], Instant.parse(fields[3]));
    } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
      // The message of a parse failure may quote the body, which holds the secret: not kept.
      throw new CredentialsException(
          "credentials endpoint "
              + uri
              + " answered 200 with a malformed body ("
              + e.getClass().getSimpleName()
              + ")",
          false);
    }
  }

  /**
   * {@code credentials.accessKeyId}, {@code .secretAccessKey}, {@code .sessionToken} and {@code
   * .expiration}, or {@code null} if one of them is missing or not a string (also when the body is
   * empty or its root is not an object).
   *
   * @throws IOException if the body is not valid JSON
   */
  private static String[] credentialFields(byte[] body) throws IOException {
    String[] fields = new String[FIELDS.size()];
    try (JsonParser p = SmallJson.FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if ("credentials".equals(name)) {
          fields = credentials(p);
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("end of input inside the answer");
      }
    }
    for (String field : fields) {
      if (field == null) {
        return null;
      }
    }
    return fields;
  }

  private static String[] credentials(JsonParser p) throws IOException {
    String[] fields = new String[FIELDS.size()];
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return fields;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      int index = FIELDS.indexOf(p.currentName());
      p.nextToken();
      if (index >= 0) {
        fields[index] = SmallJson.text(p);
      } else {
        p.skipChildren();
      }
    }
    return fields;
  }

  /**
   * The endpoint's {@code message} from an error answer, cut to 200 characters; a short note if the
   * body is not JSON; {@code null} if empty or without a string {@code message}.
   */
  static String message(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    String message = null;
    try (JsonParser p = SmallJson.FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if ("message".equals(name)) {
          message = SmallJson.text(p);
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("end of input inside the answer");
      }
    } catch (IOException e) {
      return "(" + body.length + " bytes, not JSON)";
    }
    return message == null || message.length() <= 200 ? message : message.substring(0, 200) + "...";
  }
}
