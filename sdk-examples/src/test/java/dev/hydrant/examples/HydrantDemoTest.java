package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HydrantDemoTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        HydrantDemo.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void produceIsTheDefaultSubcommand() {
    assertArrayEquals(new String[] {"produce"}, HydrantDemo.withDefaultSubcommand(new String[0]));
    assertArrayEquals(
        new String[] {"produce", "--devices", "5"},
        HydrantDemo.withDefaultSubcommand(new String[] {"--devices", "5"}));
    assertArrayEquals(
        new String[] {"check-tls", "https://x"},
        HydrantDemo.withDefaultSubcommand(new String[] {"check-tls", "https://x"}));
    assertArrayEquals(
        new String[] {"--help"}, HydrantDemo.withDefaultSubcommand(new String[] {"--help"}));
  }

  @Test
  void badOptionsExitWithTwoAndOneLineNamingTheOption() {
    Run devices = run("--devices", "0");
    assertEquals(2, devices.code());
    assertEquals(
        "hydrant-demo: --devices must be in 1..1000000, got 0",
        devices.err().strip(),
        devices.err());

    Run plain = run("--endpoint", "http://telemetry.example.com/fh");
    assertEquals(2, plain.code());
    assertTrue(plain.err().contains("--endpoint must be an https URL"), plain.err());

    Run faults = run("--faults", "chaos");
    assertEquals(2, faults.code());
    assertTrue(faults.err().contains("--faults must be none, flaky"), faults.err());

    Run route = run("--route", "multi");
    assertEquals(2, route.code());
    assertTrue(route.err().contains("--route must be single or batch"), route.err());

    Run pins =
        run("--endpoint", "https://127.0.0.1:9/fh", "--pin", "sha256/" + "A".repeat(43) + "=");
    assertEquals(2, pins.code());
    assertTrue(pins.err().startsWith("hydrant-demo: "), pins.err());

    Run trust = run("--endpoint", "https://127.0.0.1:9/fh", "--trust", "/nonexistent/ca.pem");
    assertEquals(2, trust.code());
    assertTrue(trust.err().contains("--trust file"), trust.err());

    Run compression = run("--compression", "zstd");
    assertEquals(2, compression.code());
    assertTrue(
        compression.err().contains("--compression must be none, gzip or gzip:1..9, got 'zstd'"),
        compression.err());
    Run extension = run("emulator", "--port", "0", "--file-extension", "gz");
    assertEquals(2, extension.code());
    assertTrue(
        extension.err().contains("--file-extension must be empty or start with '.'"),
        extension.err());
    Run level = run("--compression", "gzip:10");
    assertEquals(2, level.code());
    assertTrue(
        level.err().contains("--compression gzip level must be 1 to 9, got 'gzip:10'"),
        level.err());
  }

  @Test
  void gzipRunVerifiesEveryEventInGzObjectsAndBillsAFifthOrLessOfAPlainRun() throws Exception {
    String[] common = {
      "produce",
      "--events",
      "3000",
      "--devices",
      "20",
      "--rate",
      "100000",
      "--linger",
      "100ms",
      "--json"
    };
    JsonNode plain = json(run(concat(common, "--compression", "none")));
    JsonNode gzip = json(run(concat(common, "--compression", "gzip")));
    for (JsonNode r : List.of(plain, gzip)) {
      assertTrue(r.get("ok").asBoolean(), r.toString());
      assertEquals(3000, r.get("events_accepted").asLong(), r.toString());
      assertEquals(3000, r.get("events_verified").asLong(), r.toString());
      assertEquals(0, r.get("events_missing").asLong(), r.toString());
    }
    assertEquals("none", plain.get("compression").asText());
    assertEquals("gzip(level=6)", gzip.get("compression").asText());
    assertEquals(plain.get("raw_bytes").asLong(), plain.get("record_bytes").asLong());
    long raw = gzip.get("raw_bytes").asLong();
    long stored = gzip.get("record_bytes").asLong();
    assertTrue(raw > 5 * stored, "raw " + raw + " vs stored " + stored);
    long billedPlain = plain.get("billed_bytes").asLong();
    long billedGzip = gzip.get("billed_bytes").asLong();
    assertTrue(billedGzip * 5 <= billedPlain, "billed " + billedGzip + " vs " + billedPlain);
    assertTrue(
        gzip.get("bytes_sent").asLong() * 4 < plain.get("bytes_sent").asLong(),
        "wire bytes shrink too: " + gzip + " vs " + plain);
  }

  private static JsonNode json(Run r) throws Exception {
    assertEquals(0, r.code(), r.err());
    return new ObjectMapper().readTree(r.out());
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void produceWithIotAuthAgainstTheEmbeddedEmulatorHasEveryRequestVerified() {
    Run r = run("--auth", "iot", "--events", "300", "--devices", "5", "--route", "batch");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("AWS_IAM"), r.out());
    assertTrue(r.out().contains(" rejected; credentials issued: 1"), r.out());
    assertTrue(r.out().contains("SigV4-verified by the emulator, 0 rejected"), r.out());
  }

  @Test
  void iotAuthOptionsAreCheckedAndNamed() {
    Run auth = run("--auth", "kerberos");
    assertEquals(2, auth.code());
    assertTrue(auth.err().contains("--auth must be api-key or iot"), auth.err());

    Run missing = run("--endpoint", "https://127.0.0.1:9/fh", "--auth", "iot");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("is required with --auth iot"), missing.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run r = run("--devicez", "5");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unknown option") && r.err().contains("'--devicez'"), r.err());
  }

  @Test
  void durationsReadTheUsualUnits() {
    DurationConverter c = new DurationConverter();
    assertEquals(Duration.ofSeconds(20), c.convert("20s"));
    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofMinutes(2), c.convert("2m"));
    assertEquals(Duration.ofSeconds(90), c.convert("PT1M30S"));
  }

  @Test
  void legacyTlsIsReEnabledForTheProbesOnly() {
    HydrantDemo.allowLegacyTlsProbes();
    String disabled = java.security.Security.getProperty("jdk.tls.disabledAlgorithms");
    assertTrue(!disabled.matches("(?s).*\\bTLSv1(\\.1)?\\s*(,|$).*"), disabled);
    assertTrue(disabled.contains("SSLv3"), disabled);
  }
}
