package dev.hydrant.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written name check accepts exactly what the documented pattern accepts. */
class CustomEventNameTest {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final String ALPHABET = "az09_AZ-. é\u0000";

  @Test
  void agreesWithTheDocumentedPatternOnRandomAndBoundaryNames() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      int len = random.nextInt(70);
      StringBuilder sb = new StringBuilder(len);
      for (int j = 0; j < len; j++) {
        sb.append(
            random.nextInt(4) == 0
                ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                : (char) ('a' + random.nextInt(26)));
      }
      String s = sb.toString();
      assertEquals(NAME.matcher(s).matches(), CustomEvent.isName(s), "\"" + s + "\"");
    }
    for (String s : new String[] {"", "a", "a".repeat(64), "a".repeat(65), "_a", "9a", "a_9"}) {
      assertEquals(NAME.matcher(s).matches(), CustomEvent.isName(s), "\"" + s + "\"");
    }
  }
}
