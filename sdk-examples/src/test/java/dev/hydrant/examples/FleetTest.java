package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FleetTest {
  private static final Instant START = Instant.parse("2026-11-27T20:00:00Z");
  private static final int EVENTS = 40_000;
  private static final List<TelemetryEvent> EVENTS_OF_50 = new ArrayList<>();

  @BeforeAll
  static void simulate() {
    Fleet fleet = new Fleet(50, 7, START);
    for (int i = 0; i < EVENTS; i++) {
      EVENTS_OF_50.add(fleet.next(START.plusMillis(i * 25L)));
    }
  }

  private static <T> List<T> only(Class<T> type) {
    return EVENTS_OF_50.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void mixesTheFourEventTypesInRealisticProportions() {
    Map<String, Integer> byType = new HashMap<>();
    EVENTS_OF_50.forEach(e -> byType.merge(e.eventType(), 1, Integer::sum));
    assertShare(byType.get("video_quality"), 0.55);
    assertShare(byType.get("network_latency"), 0.30);
    assertShare(byType.get("uptime"), 0.10);
    assertShare(byType.get("remote_key_press"), 0.05);
  }

  private static void assertShare(int count, double expected) {
    double share = (double) count / EVENTS;
    assertTrue(Math.abs(share - expected) < 0.02, "share " + share + " vs " + expected);
  }

  @Test
  void everyDeviceReportsAndIdsAreUnique() {
    Set<String> devices = new HashSet<>();
    Set<Object> ids = new HashSet<>();
    EVENTS_OF_50.forEach(
        e -> {
          devices.add(e.device().deviceId());
          ids.add(e.eventId());
        });
    assertEquals(50, devices.size());
    assertTrue(devices.contains("stb-000001") && devices.contains("stb-000050"));
    assertEquals(EVENTS, ids.size());
  }

  @Test
  void videoPlaysOnTheLadderWithMatchingResolutionAndSometimesRebuffers() {
    List<VideoQualityEvent> video = only(VideoQualityEvent.class);
    Set<Long> ladder = new HashSet<>();
    LongStream.of(SetTopBox.LADDER_KBPS).forEach(ladder::add);
    Set<Long> usedRungs = new HashSet<>();
    EnumSet<PlaybackState> states = EnumSet.noneOf(PlaybackState.class);
    Map<String, Long> rebuffersBySession = new HashMap<>();
    for (VideoQualityEvent v : video) {
      long bitrate = v.bitrateKbps().orElseThrow();
      assertTrue(ladder.contains(bitrate), "bitrate " + bitrate);
      usedRungs.add(bitrate);
      int rung = java.util.Arrays.binarySearch(SetTopBox.LADDER_KBPS, bitrate);
      assertEquals(SetTopBox.LADDER_RESOLUTION[rung][1], v.resolutionHeightPx().orElseThrow());
      assertTrue(
          v.startupTimeMs().orElseThrow() >= 350 && v.startupTimeMs().orElseThrow() < 20_000);
      states.add(v.playbackState());
      rebuffersBySession.merge(
          v.sessionId().orElseThrow(), v.rebufferCount().orElseThrow(), Math::max);
    }
    long sessionsWithRebuffers = rebuffersBySession.values().stream().filter(n -> n > 0).count();
    assertTrue(usedRungs.size() >= 6, "ABR should use much of the ladder: " + usedRungs);
    assertTrue(
        states.containsAll(
            EnumSet.of(
                PlaybackState.STARTING,
                PlaybackState.PLAYING,
                PlaybackState.BUFFERING,
                PlaybackState.PAUSED,
                PlaybackState.STOPPED)),
        states.toString());
    double rebufferShare = (double) sessionsWithRebuffers / rebuffersBySession.size();
    assertTrue(
        rebufferShare > 0.02 && rebufferShare < 0.8, "sessions rebuffering: " + rebufferShare);
  }

  @Test
  void rebufferCountersOnlyGrowWithinASession() {
    Map<String, long[]> last = new HashMap<>();
    for (VideoQualityEvent v : only(VideoQualityEvent.class)) {
      long[] prev = last.computeIfAbsent(v.sessionId().orElseThrow(), k -> new long[3]);
      long[] now = {
        v.rebufferCount().orElseThrow(),
        v.rebufferDurationMs().orElseThrow(),
        v.droppedFrames().orElseThrow()
      };
      for (int i = 0; i < 3; i++) {
        assertTrue(now[i] >= prev[i], "counter " + i + " went down in " + v.sessionId());
      }
      last.put(v.sessionId().orElseThrow(), now);
    }
  }

  @Test
  void latencyProbesHaveJitterAndOccasionalLoss() {
    List<NetworkLatencyEvent> probes = only(NetworkLatencyEvent.class);
    long lossy = 0;
    for (NetworkLatencyEvent p : probes) {
      double rtt = p.rttMs().orElseThrow();
      assertTrue(rtt >= 6 && rtt < 700, "rtt " + rtt);
      assertTrue(p.jitterMs().orElseThrow() >= 0);
      double loss = p.packetLossPercent().orElseThrow();
      assertTrue(loss >= 0 && loss <= 12, "loss " + loss);
      lossy += loss > 0 ? 1 : 0;
      assertTrue(p.tlsTimeMs().orElseThrow() > rtt, "a TLS handshake takes two round trips");
      boolean radio = p.connectionType() != ConnectionType.ETHERNET;
      assertEquals(radio, p.signalStrengthDbm().isPresent());
    }
    double lossShare = (double) lossy / probes.size();
    assertTrue(lossShare > 0.01 && lossShare < 0.1, "probes with loss: " + lossShare);
  }

  @Test
  void uptimeGrowsUntilARebootAndMemoryStaysBelowTotal() {
    List<UptimeEvent> beats = only(UptimeEvent.class);
    Map<String, UptimeEvent> previous = new HashMap<>();
    long reboots = 0;
    for (UptimeEvent u : beats) {
      assertTrue(u.uptimeMs() >= 0);
      assertTrue(u.memoryUsedKb().orElseThrow() < u.memoryTotalKb().orElseThrow());
      double cpu = u.cpuUsagePercent().orElseThrow();
      assertTrue(cpu >= 0 && cpu <= 100);
      UptimeEvent before = previous.put(u.device().deviceId(), u);
      if (before != null && u.uptimeMs() < before.uptimeMs()) {
        reboots++;
        assertTrue(u.uptimeMs() < Duration.ofMinutes(2).toMillis(), "a fresh boot");
        assertTrue(u.lastRebootReason().isPresent());
      }
    }
    assertTrue(reboots >= 5 && reboots < beats.size() * 0.05, "reboots: " + reboots);
  }

  @Test
  void customEventsAreKeyPresses() {
    for (CustomEvent c : only(CustomEvent.class)) {
      assertEquals("remote_key_press", c.eventType());
    }
  }

  @Test
  void sameSeedSameFleetBehaviour() {
    Fleet a = new Fleet(5, 99, START);
    Fleet b = new Fleet(5, 99, START);
    for (int i = 0; i < 500; i++) {
      TelemetryEvent x = a.next(START);
      TelemetryEvent y = b.next(START);
      assertEquals(x.eventType(), y.eventType());
      assertEquals(x.device(), y.device());
      if (x instanceof VideoQualityEvent vx && y instanceof VideoQualityEvent vy) {
        assertEquals(vx.bitrateKbps(), vy.bitrateKbps());
      }
    }
  }

  @Test
  void rejectsAnEmptyFleet() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Fleet(0, 1, START));
    assertTrue(e.getMessage().contains("devices"), e.getMessage());
  }

  @Test
  void abrPicksTheHighestRungWithinTheSafetyMargin() {
    assertEquals(0, VideoSession.rungFor(100));
    assertEquals(6, VideoSession.rungFor(2350 / VideoSession.ABR_SAFETY));
    assertEquals(SetTopBox.LADDER_KBPS.length - 1, VideoSession.rungFor(1_000_000));
  }
}
