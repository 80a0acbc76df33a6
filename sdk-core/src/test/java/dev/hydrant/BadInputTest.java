package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input over events, the builder, URLs, durations, sizes and lifecycle calls: each case is
 * refused with the expected exception type and a message naming the parameter. Nothing is sent; the
 * lifecycle cases use one client whose endpoint is never reached.
 */
class BadInputTest {
  private static final DeviceContext DEVICE = DeviceContext.builder("stb-1").build();
  private static HydrantClient client;

  @BeforeAll
  static void startClient() {
    client = base().linger(Duration.ofHours(1)).build();
  }

  @AfterAll
  static void closeClient() {
    client.close(Duration.ZERO);
  }

  private static HydrantClientBuilder base() {
    return HydrantClient.builder().endpoint("https://127.0.0.1:9/fh").deliveryStream("s");
  }

  private static HydrantClientBuilder b() {
    return HydrantClient.builder();
  }

  private static final Duration NS = Duration.ofNanos(1);
  private static final Duration NEG = Duration.ofNanos(-1);
  private static final Duration MAX_S = Duration.ofSeconds(Long.MAX_VALUE);
  private static final Duration MAX_MS = Duration.ofMillis(Long.MAX_VALUE);
  private static final Duration MAX_NS = Duration.ofNanos(Long.MAX_VALUE);
  private static final Duration MIN_S = Duration.ofSeconds(Long.MIN_VALUE);

  private static Arguments refuse(
      String name, Class<? extends Throwable> type, String mustName, Executable call) {
    return Arguments.of(name, type, mustName, call);
  }

  private static Arguments iae(String name, String mustName, Executable call) {
    return refuse(name, IllegalArgumentException.class, mustName, call);
  }

  /** Below the floor, zero where refused, and far past the top, for one duration setter. */
  private static List<Arguments> durations(
      String param, Function<Duration, HydrantClientBuilder> setter, boolean zeroAllowed) {
    List<Arguments> cases = new ArrayList<>();
    List<Duration> bad = new ArrayList<>(List.of(NEG, MAX_S, MAX_MS, MAX_NS, MIN_S));
    if (!zeroAllowed) {
      bad.add(Duration.ZERO);
      bad.add(NS);
      bad.add(Duration.ofNanos(999_999));
    }
    for (Duration d : bad) {
      cases.add(iae(param + "(" + d + ")", param, () -> setter.apply(d)));
    }
    cases.add(
        refuse(param + "(null)", NullPointerException.class, param, () -> setter.apply(null)));
    return cases;
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    // Durations of the builder.
    all.addAll(durations("connectTimeout", d -> b().connectTimeout(d), false));
    all.add(
        iae(
            "connectTimeout(11 min)",
            "connectTimeout",
            () -> b().connectTimeout(Duration.ofMinutes(11))));
    all.addAll(durations("readTimeout", d -> b().readTimeout(d), false));
    all.addAll(durations("requestTimeout", d -> b().requestTimeout(d), false));
    all.add(
        iae(
            "requestTimeout(1 h + 1 ms)",
            "requestTimeout",
            () -> b().requestTimeout(Duration.ofMillis(3_600_001))));
    all.addAll(durations("initialBackoff", d -> b().initialBackoff(d), false));
    all.addAll(durations("maxBackoff", d -> b().maxBackoff(d), false));
    all.addAll(durations("maxRetryAfter", d -> b().maxRetryAfter(d), false));
    all.addAll(durations("eventTtl", d -> b().eventTtl(d), false));
    all.add(iae("eventTtl(366 days)", "eventTtl", () -> b().eventTtl(Duration.ofDays(366))));
    all.addAll(durations("linger", d -> b().linger(d), true));
    all.addAll(durations("closeTimeout", d -> b().closeTimeout(d), true));
    all.add(
        iae(
            "closeTimeout(24 h + 1 ns)",
            "closeTimeout",
            () -> b().closeTimeout(Duration.ofHours(24).plusNanos(1))));
    all.addAll(durations("spoolCommitInterval", d -> b().spoolCommitInterval(d), false));
    all.add(
        iae(
            "spoolCommitInterval(61 s)",
            "spoolCommitInterval",
            () -> b().spoolCommitInterval(Duration.ofSeconds(61))));
    all.addAll(durations("timeout", BadInputTest::withBlockPolicy, true));
    // Sizes.
    all.add(iae("maxConnections(0)", "maxConnections", () -> b().maxConnections(0)));
    all.add(
        iae("maxConnections(MIN)", "maxConnections", () -> b().maxConnections(Integer.MIN_VALUE)));
    all.add(iae("maxConnections(1025)", "maxConnections", () -> b().maxConnections(1025)));
    all.add(iae("bufferMaxEvents(0)", "bufferMaxEvents", () -> b().bufferMaxEvents(0)));
    all.add(iae("bufferMaxEvents(-1)", "bufferMaxEvents", () -> b().bufferMaxEvents(-1)));
    all.add(iae("bufferMaxBytes(0)", "bufferMaxBytes", () -> b().bufferMaxBytes(0)));
    all.add(iae("bufferMaxBytes(MIN)", "bufferMaxBytes", () -> b().bufferMaxBytes(Long.MIN_VALUE)));
    all.add(iae("bufferMaxBytes(MAX)", "bufferMaxBytes", () -> b().bufferMaxBytes(Long.MAX_VALUE)));
    all.add(
        iae("spoolMaxBytes(1 MiB - 1)", "spoolMaxBytes", () -> b().spoolMaxBytes((1 << 20) - 1)));
    all.add(iae("spoolMaxBytes(MAX)", "spoolMaxBytes", () -> b().spoolMaxBytes(Long.MAX_VALUE)));
    all.add(iae("deadLetterMaxBytes(0)", "deadLetterMaxBytes", () -> b().deadLetterMaxBytes(0)));
    all.add(
        iae(
            "deadLetterMaxBytes(MAX)",
            "deadLetterMaxBytes",
            () -> b().deadLetterMaxBytes(Long.MAX_VALUE)));
    all.add(iae("recordMaxBytes(0)", "recordMaxBytes", () -> b().recordMaxBytes(0)));
    all.add(iae("recordMaxBytes(1024001)", "recordMaxBytes", () -> b().recordMaxBytes(1_024_001)));
    all.add(iae("batchMaxRecords(0)", "batchMaxRecords", () -> b().batchMaxRecords(0)));
    all.add(iae("batchMaxRecords(501)", "batchMaxRecords", () -> b().batchMaxRecords(501)));
    all.add(iae("batchMaxBytes(0)", "batchMaxBytes", () -> b().batchMaxBytes(0)));
    all.add(
        iae("batchMaxBytes(4 MiB + 1)", "batchMaxBytes", () -> b().batchMaxBytes((4L << 20) + 1)));
    all.add(iae("maxAttempts(0)", "maxAttempts", () -> b().maxAttempts(0)));
    all.add(iae("maxAttempts(MIN)", "maxAttempts", () -> b().maxAttempts(Integer.MIN_VALUE)));
    // URLs.
    all.add(iae("endpoint http", "endpoint", () -> b().endpoint("http://proxy.example.com/fh")));
    all.add(iae("endpoint ftp", "endpoint", () -> b().endpoint("ftp://proxy.example.com/fh")));
    all.add(iae("endpoint relative", "endpoint", () -> b().endpoint("/fh")));
    all.add(iae("endpoint no host", "endpoint", () -> b().endpoint("https:///fh")));
    all.add(iae("endpoint opaque", "endpoint", () -> b().endpoint("https:proxy.example.com")));
    all.add(
        iae(
            "endpoint underscore host",
            "endpoint",
            () -> b().endpoint("https://my_proxy.example.com/fh")));
    all.add(
        iae("endpoint port 0", "endpoint", () -> b().endpoint("https://proxy.example.com:0/fh")));
    all.add(
        iae(
            "endpoint port 65536",
            "endpoint",
            () -> b().endpoint("https://proxy.example.com:65536/fh")));
    all.add(
        iae(
            "endpoint port 99999999999",
            "endpoint",
            () -> b().endpoint("https://proxy.example.com:99999999999/fh")));
    all.add(
        iae(
            "endpoint empty port",
            "endpoint",
            () -> b().endpoint("https://proxy.example.com:/fh")));
    all.add(
        iae(
            "endpoint user info",
            "endpoint",
            () -> b().endpoint("https://user:s3cret@proxy.example.com/fh")));
    all.add(
        iae(
            "endpoint query",
            "endpoint",
            () -> b().endpoint("https://proxy.example.com/fh?stage=prod")));
    all.add(
        iae("endpoint fragment", "endpoint", () -> b().endpoint("https://proxy.example.com/fh#x")));
    all.add(iae("endpoint spaces", "endpoint", () -> b().endpoint("https://proxy example.com/fh")));
    all.add(
        refuse(
            "endpoint(String null)",
            NullPointerException.class,
            "endpoint",
            () -> b().endpoint((String) null)));
    all.add(
        refuse(
            "endpoint(URI null)",
            NullPointerException.class,
            "endpoint",
            () -> b().endpoint((URI) null)));
    all.add(
        iae(
            "batchEndpoint http",
            "batchEndpoint",
            () -> b().batchEndpoint(URI.create("http://p.example.com/b"))));
    all.add(
        iae(
            "batchEndpoint port 65536",
            "batchEndpoint",
            () -> b().batchEndpoint(URI.create("https://p.example.com:65536/b"))));
    all.add(
        iae(
            "batchEndpoint user info",
            "batchEndpoint",
            () -> b().batchEndpoint(URI.create("https://u@p.example.com/b"))));
    all.add(
        iae(
            "batchEndpoint query",
            "batchEndpoint",
            () -> b().batchEndpoint(URI.create("https://p.example.com/b?x=1"))));
    // Names, keys and headers.
    all.add(iae("deliveryStream empty", "deliveryStream", () -> b().deliveryStream("")));
    all.add(iae("deliveryStream space", "deliveryStream", () -> b().deliveryStream("my stream")));
    all.add(
        iae("deliveryStream 65 chars", "deliveryStream", () -> b().deliveryStream("s".repeat(65))));
    all.add(
        refuse(
            "deliveryStream null",
            NullPointerException.class,
            "deliveryStream",
            () -> b().deliveryStream(null)));
    all.add(iae("apiKey empty", "apiKey", () -> b().apiKey("")));
    all.add(iae("apiKey blank", "apiKey", () -> b().apiKey("   ")));
    all.add(iae("apiKey with space", "apiKey", () -> b().apiKey("abc def")));
    all.add(iae("apiKey non-ASCII", "apiKey", () -> b().apiKey("cl\u00e9")));
    all.add(iae("header value non-ASCII", "X-Region", () -> b().header("X-Region", "K\u00f6ln")));
    all.add(iae("header value CRLF", "X-Region", () -> b().header("X-Region", "a\r\nX-Evil: 1")));
    all.add(iae("header name space", "bad name", () -> b().header("bad name", "v")));
    all.add(iae("header reserved", "x-api-key", () -> b().header("x-api-key", "v")));
    all.add(
        refuse(
            "header value null",
            NullPointerException.class,
            "value",
            () -> b().header("X-A", null)));
    all.add(refuse("route null", NullPointerException.class, "route", () -> b().route(null)));
    all.add(
        refuse("listener null", NullPointerException.class, "listener", () -> b().listener(null)));
    // Contradicting or missing options, at config().
    all.add(
        refuse(
            "config without endpoint",
            IllegalStateException.class,
            "endpoint",
            () -> b().deliveryStream("s").config()));
    all.add(
        refuse(
            "config without deliveryStream",
            IllegalStateException.class,
            "deliveryStream",
            () -> b().endpoint("https://p.example.com/fh").config()));
    all.add(
        refuse(
            "maxBackoff < initialBackoff",
            IllegalStateException.class,
            "maxBackoff",
            () ->
                base()
                    .initialBackoff(Duration.ofSeconds(2))
                    .maxBackoff(Duration.ofSeconds(1))
                    .config()));
    all.add(
        refuse(
            "recordMaxBytes > batchMaxBytes",
            IllegalStateException.class,
            "recordMaxBytes",
            () -> base().recordMaxBytes(1000).batchMaxBytes(999).config()));
    // Events.
    all.add(iae("device id empty", "device_id", () -> DeviceContext.builder("").build()));
    all.add(
        iae("device id non-ASCII", "device_id", () -> DeviceContext.builder("caf\u00e9").build()));
    all.add(iae("bitrate negative", "bitrate_kbps", () -> video().bitrateKbps(-1).build()));
    all.add(
        iae("frame rate NaN", "frame_rate_fps", () -> video().frameRateFps(Double.NaN).build()));
    all.add(iae("resolution 0", "resolution_width_px", () -> video().resolution(0, 1080).build()));
    all.add(
        iae(
            "packet loss 100.5",
            "packet_loss_percent",
            () ->
                NetworkLatencyEvent.builder(DEVICE)
                    .connectionType(ConnectionType.ETHERNET)
                    .packetLossPercent(100.5)
                    .build()));
    all.add(
        refuse(
            "playback state missing",
            IllegalArgumentException.class,
            "playback_state",
            () -> VideoQualityEvent.builder(DEVICE).build()));
    // Lifecycle calls.
    all.add(refuse("send(null)", NullPointerException.class, "event", () -> client.send(null)));
    all.add(refuse("flush(null)", NullPointerException.class, "timeout", () -> client.flush(null)));
    all.add(iae("flush(-1 ns)", "timeout", () -> client.flush(NEG)));
    all.add(iae("flush(MAX ms)", "timeout", () -> client.flush(MAX_MS)));
    all.add(iae("flush(MAX s)", "timeout", () -> client.flush(MAX_S)));
    all.add(iae("flush(MIN s)", "timeout", () -> client.flush(MIN_S)));
    all.add(refuse("close(null)", NullPointerException.class, "timeout", () -> client.close(null)));
    all.add(iae("close(-1 ns)", "timeout", () -> client.close(NEG)));
    all.add(iae("close(MAX ms)", "timeout", () -> client.close(MAX_MS)));
    all.add(iae("close(MAX ns)", "timeout", () -> client.close(MAX_NS)));
    all.add(iae("close(MAX s)", "timeout", () -> client.close(MAX_S)));
    all.add(
        iae(
            "close(24 h + 1 ms)",
            "timeout",
            () -> client.close(Duration.ofHours(24).plusMillis(1))));
    return all.stream();
  }

  private static HydrantClientBuilder withBlockPolicy(Duration timeout) {
    return b().bufferFullPolicy(BufferFullPolicy.block(timeout));
  }

  private static VideoQualityEvent.Builder video() {
    return VideoQualityEvent.builder(DEVICE).playbackState(PlaybackState.PLAYING);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithATypedExceptionNamingTheParameter(
      String name, Class<? extends Throwable> type, String mustName, Executable call) {
    Throwable t = assertThrows(type, call, name);
    assertEquals(type, t.getClass(), name + ": " + t);
    assertNotNull(t.getMessage(), name);
    assertTrue(
        t.getMessage().contains(mustName),
        name + ": message must name " + mustName + ": " + t.getMessage());
    assertFalse(t.getMessage().contains("s3cret"), "user info echoed: " + t.getMessage());
  }

  @Test
  void hasAtLeastEightyCases() {
    assertTrue(cases().count() >= 80, "cases: " + cases().count());
  }

  @Test
  void rangeMessagesNameTheRangeAndTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b().connectTimeout(NS));
    assertEquals(
        "connectTimeout must be between 1 ms and 10 min (timeouts have millisecond resolution):"
            + " PT0.000000001S",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> client.close(MAX_MS));
    assertEquals("timeout must be between 0 and 24 h: " + MAX_MS, e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b().bufferMaxBytes(0));
    assertEquals("bufferMaxBytes must be between 1 and 1099511627776: 0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> b().endpoint("https://my_proxy.example.com/fh"));
    assertTrue(
        e.getMessage().startsWith("endpoint host cannot be parsed: \"my_proxy.example.com\""),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> b().endpoint("https://user:s3cret@proxy.example.com/fh"));
    assertEquals(
        "endpoint must not contain user info (it would show in logs); use apiKey() or header():"
            + " https://***@proxy.example.com/fh",
        e.getMessage());
  }

  @Test
  void edgesOfEachRangeAreAccepted() {
    HydrantConfig c =
        base()
            .connectTimeout(Duration.ofMillis(1))
            .readTimeout(Duration.ofHours(1))
            .requestTimeout(Duration.ofHours(1))
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofHours(1))
            .maxRetryAfter(Duration.ofHours(1))
            .eventTtl(Duration.ofDays(365))
            .linger(Duration.ZERO)
            .closeTimeout(Duration.ofHours(24))
            .bufferFullPolicy(BufferFullPolicy.block(Duration.ofHours(24)))
            .maxConnections(1024)
            .bufferMaxBytes(1L << 40)
            .spoolMaxBytes(1 << 20)
            .endpoint("https://[::1]:65535/fh")
            .config();
    assertEquals(Duration.ofDays(365), c.eventTtl());
    assertEquals(URI.create("https://[::1]:65535/fh/batch"), c.batchEndpoint());
  }
}
