package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

  @Test
  void defaultsCompareBothClientsOnLoopbackAndAtFiftyMilliseconds() {
    LoadOptions o = LoadOptions.parse();
    assertEquals(List.of(1, 2, 4, 8), o.threads());
    assertEquals(Duration.ofSeconds(10), o.duration());
    assertEquals(Duration.ofSeconds(3), o.warmup());
    assertEquals(List.of(0L, 50L), o.latenciesMillis());
    assertEquals(0, o.rate());
    assertEquals(ClientSettings.DEFAULTS, o.client());
    assertTrue(o.naive());
    assertEquals(List.of(ClientKind.HYDRANT, ClientKind.NAIVE, ClientKind.AWSSDK), o.clients());
    assertFalse(o.childJvm().wanted());
    assertEquals(Optional.empty(), o.svg());
    assertEquals(Optional.empty(), o.childHeap());
    assertEquals(List.of(), o.inFlight());
  }

  @Test
  void parsesEveryOption() {
    LoadOptions o =
        LoadOptions.parse(
            "--threads",
            "2,4",
            "--duration",
            "1500ms",
            "--warmup",
            "0",
            "--latency-ms",
            "50",
            "--rate",
            "10000",
            "--route",
            "single",
            "--buffer-max-bytes",
            "4194304",
            "--batch-max-bytes",
            "1048576",
            "--no-naive",
            "--svg",
            "chart.svg",
            "--child-heap",
            "32m",
            "--in-flight",
            "1,2");
    assertEquals(List.of(2, 4), o.threads());
    assertEquals(Duration.ofMillis(1500), o.duration());
    assertEquals(Duration.ZERO, o.warmup());
    assertEquals(List.of(50L), o.latenciesMillis());
    assertEquals(10_000, o.rate());
    assertEquals(new ClientSettings(Route.SINGLE, 4_194_304, 1_048_576, 0), o.client());
    assertEquals(List.of(1, 2), o.inFlight());
    assertFalse(o.naive());
    assertEquals(Optional.of(Path.of("chart.svg")), o.svg());
    assertEquals(Optional.of("32m"), o.childHeap());
    assertEquals(Duration.ofMinutes(2), LoadOptions.duration("2m"));
  }

  @Test
  void choosesClientsAndHowTheirChildJvmStarts() {
    LoadOptions o =
        LoadOptions.parse(
            "--clients",
            "awssdk, hydrant,awssdk",
            "--child-cpus",
            "0,2-3",
            "--child-jvm-args",
            " -XX:TieredStopAtLevel=1   -Xmx16m ");
    assertEquals(List.of(ClientKind.AWSSDK, ClientKind.HYDRANT), o.clients());
    assertFalse(o.naive());
    assertTrue(o.childJvm().wanted());
    assertEquals(Optional.of("0,2-3"), o.childCpus());
    assertEquals(List.of("-XX:TieredStopAtLevel=1", "-Xmx16m"), o.childJvmArgs());
    assertEquals(
        List.of(ClientKind.HYDRANT, ClientKind.AWSSDK), LoadOptions.parse("--no-naive").clients());
  }

  @Test
  void badInputNamesTheOptionAndValue() {
    assertMessage(
        "--clients takes hydrant, naive and awssdk, separated by commas: curl",
        "--clients",
        "curl");
    assertMessage(
        "no client left to run (--clients and --no-naive)", "--clients", "naive", "--no-naive");
    assertMessage(
        "--child-cpus must be a CPU list such as 0, 0,2 or 0-3: first", "--child-cpus", "first");
    assertMessage(
        "--child-jvm-args takes JVM flags starting with '-': Xmx16m in \"Xmx16m\"",
        "--child-jvm-args",
        "Xmx16m");
    assertMessage("--threads must be 1 to 1024: 0", "--threads", "0");
    assertMessage("--duration needs a unit (ms, s or m): 10", "--duration", "10");
    assertMessage("--duration must be positive: 0s", "--duration", "0s");
    assertMessage("--rate must not be negative: -5", "--rate", "-5");
    assertMessage("--route must be batch or single: fast", "--route", "fast");
    assertMessage("--child-heap must be a -Xmx size such as 32m: 32 MiB", "--child-heap", "32 MiB");
    assertMessage("--in-flight must be 1 to 16: 0", "--in-flight", "0");
    assertMessage("--latency-ms needs numbers separated by commas: 1,,2", "--latency-ms", "1,,2");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--threads"))
            .getMessage()
            .startsWith("--threads needs a value"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--bogus", "1"))
            .getMessage()
            .startsWith("unknown option --bogus"));
  }

  private static void assertMessage(String expected, String... args) {
    assertEquals(
        expected,
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(args)).getMessage());
  }
}
