package dev.hydrant.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalTextTest {
  /** What Jackson's fast writer (Schubfach, the JDK 19+ Double.toString) writes. */
  private static String reference(double value) {
    return NumberOutput.toString(value, true);
  }

  private static String fast(double value) {
    char[] out = new char[DecimalText.MAX_LENGTH];
    int length = DecimalText.format(value, out);
    return length < 0 ? null : new String(out, 0, length);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        0.0,
        0.001,
        0.01,
        0.1,
        0.2,
        0.25,
        1.0,
        3.1,
        12.0,
        23.4,
        29.97,
        48.25,
        48250.5,
        100.0,
        9_999_999.999,
        -0.5,
        -61.0,
        -9_999_999.999,
        0.3,
        1.005
      })
  void writesWhatTheShortestRoundTripAlgorithmWrites(double value) {
    assertEquals(reference(value), fast(value));
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.0, 1.0E7, 1.0E-4, 0.0005, 0.1234, 1.0 / 3, 123_456_789.5, 4.9E-324})
  void leavesOtherValuesToJackson(double value) {
    assertEquals(null, fast(value));
  }

  @Test
  void agreesWithJacksonOnRandomTelemetryValues() {
    SplittableRandom random = new SplittableRandom(11);
    int fastPath = 0;
    for (int i = 0; i < 300_000; i++) {
      double value;
      switch (i % 3) {
        case 0:
          value = random.nextLong(10_000_000_000L) / 1000.0;
          break;
        case 1:
          value = (random.nextLong(100_000) - 50_000) / 10.0;
          break;
        default:
          value = random.nextDouble() * Math.pow(10, random.nextInt(-4, 8));
      }
      String text = fast(value);
      if (text != null) {
        fastPath++;
        assertEquals(reference(value), text, "value " + value);
        assertEquals(value, Double.parseDouble(text), 0.0);
      }
    }
    assertTrue(fastPath >= 199_000, "most telemetry values take the fast path: " + fastPath);
  }
}
