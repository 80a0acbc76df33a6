package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.Route;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupBenchmarkTest {

  @Test
  void parsesEveryOption() {
    StartupBenchmark.Options o =
        StartupBenchmark.Options.parse(
            "--runs",
            "3",
            "--route",
            "single",
            "--settle-ms",
            "250",
            "--child-jvm-args",
            "-Xmx16m -XX:+UseSerialGC",
            "--child-cpus",
            "1",
            "--cds");
    assertEquals(3, o.runs());
    assertEquals(Route.SINGLE, o.route());
    assertEquals(250, o.settleMillis());
    assertEquals(
        new ChildJvm(Optional.empty(), Optional.of("1"), List.of("-Xmx16m", "-XX:+UseSerialGC")),
        o.jvm());
    assertTrue(o.cds());
    assertEquals(7, StartupBenchmark.Options.parse().runs());
    assertFalse(StartupBenchmark.Options.parse().cds());
  }

  @Test
  void badInputNamesTheOptionAndValue() {
    assertMessage("--runs must be 1 to 1000: 0", "--runs", "0");
    assertMessage("--runs needs a whole number: many", "--runs", "many");
    assertMessage("--route must be batch or single: fast", "--route", "fast");
    assertEquals(
        "--runs needs a value; " + StartupBenchmark.USAGE,
        assertThrows(IllegalArgumentException.class, () -> StartupBenchmark.Options.parse("--runs"))
            .getMessage());
  }

  @Test
  void resultsSurviveTheTripFromProbeToParent() {
    StartupProbe.Result r =
        new StartupProbe.Result(301.25, 402.5, 1887, 2500, 3_900_000, 4_500_000, 2_700_000);
    assertEquals(r, StartupProbe.Result.parse(r.toLine()));
  }

  @Test
  void theTableShowsMedianMinAndMax() {
    List<StartupProbe.Result> runs =
        List.of(
            new StartupProbe.Result(300, 400, 1800, 2500, 1_048_576, 2_097_152, 1_572_864),
            new StartupProbe.Result(100, 200, 1800, 2500, 1_048_576, 2_097_152, 1_572_864),
            new StartupProbe.Result(200, 900, 1800, 2500, 1_048_576, 2_097_152, 1_572_864));
    List<String> lines = StartupBenchmark.table(runs).lines().toList();
    assertEquals("| build() ms | 200.0 | 100.0 | 300.0 |", lines.get(2));
    assertEquals("| builder() to first ack ms | 400.0 | 200.0 | 900.0 |", lines.get(3));
    assertEquals("| heap added, idle after first ack MiB | 2.00 | 2.00 | 2.00 |", lines.get(7));
    assertEquals("| heap added, idle, strongly reachable MiB | 1.50 | 1.50 | 1.50 |", lines.get(8));
    assertEquals(2.5, StartupBenchmark.median(new double[] {1, 2, 3, 4}));
  }

  @Test
  void clearingSoftReferencesLeavesOnlyStronglyReachableObjects() {
    SoftReference<byte[]> soft = new SoftReference<>(new byte[1 << 20]);
    System.gc();
    assertNotNull(soft.get(), "a collection with room to spare keeps a fresh soft reference");
    StartupProbe.clearSoftReferences();
    assertNull(soft.get());
  }

  private static void assertMessage(String expected, String... args) {
    assertEquals(
        expected,
        assertThrows(IllegalArgumentException.class, () -> StartupBenchmark.Options.parse(args))
            .getMessage());
  }
}
