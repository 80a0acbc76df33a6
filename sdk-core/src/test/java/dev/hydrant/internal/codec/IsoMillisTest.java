package dev.hydrant.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IsoMillisTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static String format(long epochMilli) {
    char[] out = new char[IsoMillis.LENGTH];
    IsoMillis.format(epochMilli, out);
    return new String(out);
  }

  @ParameterizedTest
  @CsvSource({
    "1970-01-01T00:00:00.000Z",
    "2026-11-27T23:04:07.123Z",
    "2026-11-27T23:04:07.000Z",
    "2000-02-29T12:00:00.001Z",
    "2100-02-28T23:59:59.999Z",
    "2100-03-01T00:00:00.000Z",
    "2024-12-31T23:59:59.999Z",
    "9999-12-31T23:59:59.999Z"
  })
  void formatsWithExactlyThreeFractionDigits(String text) {
    assertEquals(text, format(Instant.parse(text).toEpochMilli()));
  }

  @Test
  void agreesWithTheJdkFormatterAcrossTheWholeRange() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long millis = random.nextLong(IsoMillis.MAX_EPOCH_MILLI + 1);
      assertEquals(REFERENCE.format(Instant.ofEpochMilli(millis)), format(millis), "" + millis);
    }
  }

  @Test
  void rejectsWhatFourYearDigitsCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> format(-1));
    assertThrows(IllegalArgumentException.class, () -> format(IsoMillis.MAX_EPOCH_MILLI + 1));
  }
}
