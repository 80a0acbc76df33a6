package dev.hydrant.examples;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import java.time.Instant;
import java.util.Random;

/**
 * One simulated playback session on a {@link SetTopBox}: starts, plays on the rung of {@link
 * SetTopBox#LADDER_KBPS} that fits the measured throughput (adaptive bitrate), rebuffers when the
 * throughput drops below the playing bitrate, sometimes pauses or seeks, and ends (stopped, or
 * rarely an error). Counters (dropped frames, rebuffers) accumulate over the session, as players
 * report them.
 *
 * <p>Not thread-safe; deterministic for a given {@link Random}.
 */
final class VideoSession {
  /** Share of the throughput the player spends on video when it picks a rung. */
  static final double ABR_SAFETY = 0.8;

  private final Random random;
  private final String sessionId;
  private final String contentId;
  private final String cdn;
  private final String codec;
  private final double frameRate;
  private final long startupTimeMs;
  private int rung;
  private int samplesLeft;
  private long droppedFrames;
  private long rebufferCount;
  private long rebufferDurationMs;
  private PlaybackState state = PlaybackState.STARTING;
  private boolean ended;
  private boolean first = true;

  VideoSession(Random random, String cdn, double throughputKbps) {
    this.random = random;
    this.sessionId = Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    this.contentId =
        random.nextBoolean()
            ? "live/channel-" + (1 + random.nextInt(120))
            : "vod/title-" + (10_000 + random.nextInt(90_000));
    this.cdn = cdn;
    this.codec = random.nextDouble() < 0.7 ? "avc1.640028" : "hvc1.2.4.L123";
    this.frameRate = random.nextBoolean() ? 25 : random.nextBoolean() ? 50 : 29.97;
    // startup: mostly under a second and a half, with a long tail
    this.startupTimeMs = Math.round(350 + Math.exp(random.nextGaussian() * 0.6) * 600);
    this.rung = Math.max(0, rungFor(throughputKbps) - 2); // players start conservatively
    this.samplesLeft = 20 + random.nextInt(200);
  }

  /** Whether the session has stopped; the next sample belongs to a new session. */
  boolean ended() {
    return ended;
  }

  /** The highest rung whose bitrate fits in {@link #ABR_SAFETY} of {@code throughputKbps}. */
  static int rungFor(double throughputKbps) {
    int best = 0;
    for (int i = 0; i < SetTopBox.LADDER_KBPS.length; i++) {
      if (SetTopBox.LADDER_KBPS[i] <= throughputKbps * ABR_SAFETY) {
        best = i;
      }
    }
    return best;
  }

  /** Advances the session one sample at {@code now} and reports it. */
  VideoQualityEvent sample(DeviceContext device, Instant now, double throughputKbps) {
    advance(throughputKbps);
    int[] res = SetTopBox.LADDER_RESOLUTION[rung];
    VideoQualityEvent.Builder b =
        VideoQualityEvent.builder(device)
            .timestamp(now)
            .playbackState(state)
            .sessionId(sessionId)
            .contentId(contentId)
            .cdn(cdn)
            .codec(codec)
            .bitrateKbps(SetTopBox.LADDER_KBPS[rung])
            .resolution(res[0], res[1])
            .frameRateFps(frameRate)
            .droppedFrames(droppedFrames)
            .rebufferCount(rebufferCount)
            .rebufferDurationMs(rebufferDurationMs)
            .startupTimeMs(startupTimeMs);
    return b.build();
  }

  private void advance(double throughputKbps) {
    if (first) {
      first = false; // the first sample reports the start itself
      return;
    }
    if (state == PlaybackState.STARTING) {
      state = PlaybackState.PLAYING;
      return;
    }
    if (--samplesLeft <= 0) {
      state = random.nextDouble() < 0.02 ? PlaybackState.ERROR : PlaybackState.STOPPED;
      ended = true;
      return;
    }
    long playing = SetTopBox.LADDER_KBPS[rung];
    if (throughputKbps < playing) {
      // the buffer drains faster than it fills: stall, then step down the ladder
      state = PlaybackState.BUFFERING;
      rebufferCount++;
      rebufferDurationMs += Math.round(200 + Math.exp(random.nextGaussian() * 0.8) * 800);
      rung = Math.max(0, Math.min(rung - 1, rungFor(throughputKbps)));
      return;
    }
    int target = rungFor(throughputKbps);
    if (target > rung) {
      rung++; // step up one rung at a time
    } else if (target < rung) {
      rung = target;
    }
    double r = random.nextDouble();
    state =
        r < 0.02 ? PlaybackState.PAUSED : r < 0.04 ? PlaybackState.SEEKING : PlaybackState.PLAYING;
    if (state == PlaybackState.PLAYING && random.nextDouble() < 0.15) {
      droppedFrames += 1 + random.nextInt(rung >= 8 ? 12 : 4);
    }
  }
}
