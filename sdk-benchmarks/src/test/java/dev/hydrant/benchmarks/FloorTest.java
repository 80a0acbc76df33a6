package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class FloorTest {

  @Test
  void survivesTheTripFromChildToParent() {
    Floor floor = new Floor(101.5, 470.25, 58.125, 134.5, 2018.0, 541.594);
    assertEquals(floor, Floor.parse(floor.toLine()));
  }

  @Test
  void theFloorIsEncodePlusBase64PlusAesGcm() {
    assertEquals(0.7, new Floor(100, 500, 60, 140, 2000, 542).floorMicros(), 1e-9);
  }

  @Test
  void malformedLinesAreRefusedNamingTheProblem() {
    assertEquals(
        "missing field lineBytes",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Floor.parse(
                        "buildNanos=1 encodeNanos=1 base64Nanos=1 aesGcmNanos=1 chachaNanos=1"))
            .getMessage());
    assertEquals(
        "malformed number in buildNanos=x",
        assertThrows(IllegalArgumentException.class, () -> Floor.parse("buildNanos=x"))
            .getMessage());
  }

  @Test
  void theFloorTableShowsEachRunAgainstItsFloor() {
    RunResult run =
        new RunResult(
            "hydrant", 4, 50, 1, 1000, 1000, 1, 2, 700_000, 540_000, 540_000, 1, 1, 1, 1_400_000, 0,
            0.5);
    String table =
        ResultTables.floors(List.of(run), List.of(new Floor(100, 500, 60, 140, 2000, 542)));
    assertEquals(
        "| 50 ms | hydrant | 4 | 1.40 | 0.700 | 2.0× | 0.100 | 0.500 | 0.060 | 0.140 | 2.000 |"
            + " 542 |",
        table.lines().skip(2).findFirst().orElseThrow());
  }
}
