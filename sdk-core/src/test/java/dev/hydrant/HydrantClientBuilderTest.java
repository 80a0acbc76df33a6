package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.TlsPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class HydrantClientBuilderTest {

  private static HydrantClientBuilder minimal() {
    return HydrantClient.builder()
        .endpoint("https://telemetry.example.com/fh")
        .deliveryStream("stb-telemetry");
  }

  private static HydrantConfig onHeap(long maxMemory, HydrantClientBuilder b) {
    b.maxMemory = () -> maxMemory;
    return b.config();
  }

  @Test
  void defaults() {
    HydrantConfig c = onHeap(1L << 30, minimal());
    assertEquals(URI.create("https://telemetry.example.com/fh"), c.endpoint());
    assertEquals(URI.create("https://telemetry.example.com/fh/batch"), c.batchEndpoint());
    assertEquals(Route.SINGLE, c.route());
    assertEquals(Optional.empty(), c.apiKey());
    assertFalse(c.gzip());
    assertEquals(TlsPolicy.MODERN, c.tlsPolicy());
    assertEquals(CertificatePins.NONE, c.certificatePins());
    assertEquals(Optional.empty(), c.clientCertificate());
    assertEquals(Duration.ofSeconds(5), c.connectTimeout());
    assertEquals(Duration.ofSeconds(15), c.readTimeout());
    assertEquals(Duration.ofSeconds(30), c.requestTimeout());
    assertEquals(2, c.maxConnections());
    assertEquals(100_000, c.bufferMaxEvents());
    assertEquals(8L * 1024 * 1024, c.bufferMaxBytes());
    assertEquals(BufferFullPolicy.block(Duration.ofMillis(100)), c.bufferFullPolicy());
    assertEquals(Optional.empty(), c.spoolDirectory());
    assertEquals(SpoolDurability.GROUP_COMMIT, c.spoolDurability());
    assertEquals(Duration.ofMillis(200), c.spoolCommitInterval());
    assertEquals(256L * 1024 * 1024, c.spoolMaxBytes());
    assertEquals(Duration.ofSeconds(1), c.linger());
    assertEquals(Duration.ofSeconds(30), c.latencyWindow());
    assertTrue(c.aggregation());
    assertEquals(Compression.NONE, c.compression());
    assertEquals(1_024_000, c.recordMaxBytes());
    assertEquals(500, c.batchMaxRecords());
    assertEquals(4L * 1024 * 1024, c.batchMaxBytes());
    assertEquals(Integer.MAX_VALUE, c.maxAttempts());
    assertEquals(Duration.ofMillis(200), c.initialBackoff());
    assertEquals(Duration.ofSeconds(30), c.maxBackoff());
    assertEquals(Duration.ofSeconds(60), c.maxRetryAfter());
    assertEquals(Duration.ofHours(24), c.eventTtl());
    assertEquals(Duration.ofSeconds(10), c.closeTimeout());
    assertEquals(Optional.empty(), c.deadLetterDirectory());
    assertEquals(16L * 1024 * 1024, c.deadLetterMaxBytes());
  }

  @Test
  void memorySizesFollowTheHeapUnlessSet() {
    long kib = 1024;
    long mib = 1024 * kib;
    // heap, then the derived bufferMaxBytes, batchMaxBytes and recordMaxBytes
    long[][] expected = {
      {1 * mib, 128 * kib, 64 * kib, 64 * kib},
      {8 * mib, 1 * mib, 512 * kib, 64 * kib},
      {16 * mib, 2 * mib, 1 * mib, 128 * kib},
      {16_252_928, 2_031_616, 1_015_808, 126_976}, // what -Xmx16m -XX:+UseSerialGC reports
      {32 * mib, 4 * mib, 2 * mib, 256 * kib},
      {64 * mib, 8 * mib, 4 * mib, 512 * kib},
      {256 * mib, 8 * mib, 4 * mib, 1_024_000},
      {Long.MAX_VALUE, 8 * mib, 4 * mib, 1_024_000},
    };
    for (long[] row : expected) {
      HydrantConfig c = onHeap(row[0], minimal());
      String heap = "heap " + row[0];
      assertEquals(row[1], c.bufferMaxBytes(), heap);
      assertEquals(row[2], c.batchMaxBytes(), heap);
      assertEquals(row[3], c.recordMaxBytes(), heap);
      assertTrue(
          c.toString().contains("bufferMaxBytes=" + row[1])
              && c.toString().contains("batchMaxBytes=" + row[2])
              && c.toString().contains("recordMaxBytes=" + row[3]),
          c.toString());
    }
    assertEquals(mib, onHeap(64 * mib, minimal().maxInFlight(8)).batchMaxBytes());
    assertEquals(4 * mib, onHeap(256 * mib, minimal().maxInFlight(8)).batchMaxBytes());
  }

  @Test
  void explicitMemorySizesWinAndTheDerivedOnesMakeRoomForThem() {
    long mib = 1024 * 1024;
    HydrantConfig c = onHeap(16 * mib, minimal().bufferMaxBytes(123).batchMaxBytes(3 * mib));
    assertEquals(123, c.bufferMaxBytes());
    assertEquals(3 * mib, c.batchMaxBytes());
    assertEquals(128 * 1024, c.recordMaxBytes());

    // A derived batch holds an explicit record; a derived record fits an explicit batch.
    assertEquals(1_024_000, onHeap(8 * mib, minimal().recordMaxBytes(1_024_000)).batchMaxBytes());
    assertEquals(100_000, onHeap(1L << 30, minimal().batchMaxBytes(100_000)).recordMaxBytes());

    // Both explicit and contradicting: refused as before.
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> onHeap(1L << 30, minimal().recordMaxBytes(2000).batchMaxBytes(1000)));
    assertEquals(
        "recordMaxBytes (2000) must not exceed batchMaxBytes (1000): a full record would fit in no"
            + " batch",
        e.getMessage());
  }

  @Test
  void toBuilderKeepsDerivedSizesDerivedAndExplicitOnesExplicit() {
    long mib = 1024 * 1024;
    HydrantConfig small = onHeap(16 * mib, minimal().bufferMaxBytes(5 * mib));
    HydrantConfig large = onHeap(1L << 30, small.toBuilder());
    assertEquals(5 * mib, large.bufferMaxBytes());
    assertEquals(4 * mib, large.batchMaxBytes());
    assertEquals(1_024_000, large.recordMaxBytes());
  }

  @Test
  void invalidConfigurationIsRefusedNamingTheParameter() {
    HydrantClientBuilder b = HydrantClient.builder();
    assertMessage(
        "endpoint must be an https URI (plain http is refused): http://x.example/fh",
        () -> b.endpoint("http://x.example/fh"));
    assertMessage(
        "deliveryStream must be 1 to 64 characters of [a-zA-Z0-9_.-]: \"a\"b\"",
        () -> b.deliveryStream("a\"b"));
    assertMessage(
        "apiKey must be 1 or more visible ASCII characters (0x21-0x7E), without spaces",
        () -> b.apiKey(" "));
    assertMessage(
        "header x-api-key is set by Hydrant; use apiKey() for x-api-key",
        () -> b.header("x-api-key", "k"));
    assertMessage(
        "header x-a value must be printable ASCII; found U+000D at index 1 (encode other text, e.g."
            + " percent-encoding)",
        () -> b.header("x-a", "1\r\n2"));
    assertMessage("maxConnections must be between 1 and 1024: 0", () -> b.maxConnections(0));
    assertMessage(
        "bufferMaxEvents must be between 1 and 2147483647: 0", () -> b.bufferMaxEvents(0));
    assertMessage(
        "bufferMaxBytes must be between 1 and 1099511627776: 0", () -> b.bufferMaxBytes(0));
    assertMessage(
        "recordMaxBytes must be between 1 and 1024000: 1024001", () -> b.recordMaxBytes(1_024_001));
    assertMessage("batchMaxRecords must be between 1 and 500: 501", () -> b.batchMaxRecords(501));
    assertMessage(
        "batchMaxBytes must be between 1 and 4194304: 4194305", () -> b.batchMaxBytes(4_194_305));
    assertMessage("maxAttempts must be between 1 and 2147483647: 0", () -> b.maxAttempts(0));
    assertMessage(
        "eventTtl must be between 1 ms and 365 days: PT0S", () -> b.eventTtl(Duration.ZERO));
    assertMessage(
        "linger must be between 0 and 1 h: PT-1S", () -> b.linger(Duration.ofSeconds(-1)));
    assertMessage(
        "latencyWindow must be between 1 s and 1 h: PT0.999S",
        () -> b.latencyWindow(Duration.ofMillis(999)));
    assertMessage(
        "latencyWindow must be between 1 s and 1 h: PT1H0.001S",
        () -> b.latencyWindow(Duration.ofMillis(3_600_001)));
    assertMessage(
        "spoolMaxBytes must be between 1048576 and 1099511627776: 1000",
        () -> b.spoolMaxBytes(1000));
    assertMessage(
        "deadLetterMaxBytes must be between 1 and 1099511627776: 0", () -> b.deadLetterMaxBytes(0));
    assertEquals(
        "endpoint is required",
        assertThrows(IllegalStateException.class, () -> HydrantClient.builder().config())
            .getMessage());
    assertEquals(
        "deliveryStream is required",
        assertThrows(
                IllegalStateException.class,
                () -> HydrantClient.builder().endpoint("https://x.example/fh").config())
            .getMessage());
    assertEquals(
        "route", assertThrows(NullPointerException.class, () -> b.route(null)).getMessage());
    assertEquals(
        "compression",
        assertThrows(NullPointerException.class, () -> b.compression(null)).getMessage());
    assertMessage("gzip level must be between 1 and 9: 0", () -> Compression.gzip(0));
    assertMessage("gzip level must be between 1 and 9: 10", () -> Compression.gzip(10));
    assertEquals(Compression.NONE, Compression.parse("none"));
    assertEquals(Compression.GZIP, Compression.parse(" GZIP "));
    assertEquals(Compression.gzip(1), Compression.parse("gzip:1"));
    assertMessage("gzip level must be between 1 and 9: 10", () -> Compression.parse("gzip:10"));
    assertMessage(
        "compression must be none, gzip or gzip:LEVEL (1 to 9): \"zstd\"",
        () -> Compression.parse("zstd"));
  }

  @Test
  void compressionIsShownCarriedOverAndEqualByLevel() {
    HydrantConfig gzip = minimal().compression(Compression.gzip(1)).config();
    assertTrue(gzip.toString().contains(", compression=GZIP(level=1),"), gzip.toString());
    assertTrue(minimal().config().toString().contains(", compression=NONE,"));
    assertEquals(Compression.gzip(1), gzip.toBuilder().config().compression());
    assertEquals(
        Compression.NONE, gzip.toBuilder().compression(Compression.NONE).config().compression());
    assertEquals(Compression.gzip(1), gzip.compression(), "the original is unchanged");
    assertEquals(Compression.GZIP, Compression.gzip(Compression.DEFAULT_GZIP_LEVEL));
    assertEquals(6, Compression.GZIP.level());
    assertFalse(Compression.NONE.isGzip());
    assertEquals(0, Compression.NONE.level());
    assertFalse(Compression.gzip(1).equals(Compression.gzip(2)));
  }

  @Test
  void toStringMasksTheApiKey() {
    String text = minimal().apiKey("abcdefghijklmnopqrstuvwxyz").config().toString();
    assertFalse(text.contains("abcdefghijklmnopqrstuv"), text);
    assertTrue(text.contains("apiKey=****wxyz"), text);
  }

  @Test
  void toBuilderCarriesEveryOptionAndChangesNothingInTheOriginal() {
    DeliveryListener listener = new DeliveryListener() {};
    java.time.Clock clock =
        java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);
    HydrantConfig original =
        minimal()
            .apiKey("abcdefghijklmnop")
            .header("x-device-model", "stb-7")
            .route(Route.BATCH)
            .maxInFlight(3)
            .linger(Duration.ofMillis(5))
            .latencyWindow(Duration.ofMinutes(5))
            .compression(Compression.gzip(9))
            .spoolDirectory(java.nio.file.Path.of("spool"))
            .listener(listener)
            .clock(clock)
            .config();
    HydrantConfig copy = original.toBuilder().config();
    assertEquals(original.toString(), copy.toString());
    assertEquals(listener, copy.listener());
    assertEquals(clock, copy.clock());
    assertEquals(Duration.ofMinutes(5), copy.latencyWindow());
    assertTrue(copy.toString().contains("latencyWindow=PT5M"), copy.toString());
    assertEquals(java.util.Map.of("x-device-model", "stb-7"), copy.headers());

    HydrantConfig changed = original.toBuilder().maxInFlight(1).header("x-b", "2").config();
    assertEquals(1, changed.maxInFlight());
    assertEquals(3, original.maxInFlight());
    assertEquals(java.util.Set.of("x-device-model"), original.headers().keySet());
    assertThrows(UnsupportedOperationException.class, () -> original.headers().put("x", "y"));
  }

  @Test
  void aNullApiKeyMeansNoKey() {
    assertEquals(Optional.empty(), minimal().apiKey(null).config().apiKey());
    assertEquals(Optional.empty(), minimal().apiKey("k3y").apiKey(null).config().apiKey());
    assertTrue(minimal().config().toString().contains("apiKey=none"));
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
