package dev.hydrant.event;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A sample of playback quality of experience: what the player was doing and how well.
 *
 * <p>Wire fields after the envelope and device attributes, in this order, each only when set:
 * {@code playback_state} (required), {@code session_id}, {@code content_id}, {@code cdn}, {@code
 * codec}, {@code bitrate_kbps}, {@code resolution_width_px}, {@code resolution_height_px}, {@code
 * frame_rate_fps}, {@code dropped_frames}, {@code rebuffer_count}, {@code rebuffer_duration_ms},
 * {@code startup_time_ms}. Counts and durations are for the sampling interval or session as the
 * application defines it; they must be {@code >= 0}.
 *
 * <p>Immutable and thread-safe; validated at {@link Builder#build()}.
 */
public final class VideoQualityEvent extends AbstractEvent implements TelemetryEvent {
  /** The {@code event_type} of this event: {@value}. */
  public static final String EVENT_TYPE = "video_quality";

  /** The {@code schema_version} of this event's field set: {@value}. */
  public static final int SCHEMA_VERSION = 1;

  /** The longest accepted {@code session_id}, {@code cdn}: {@value} characters. */
  public static final int MAX_ID_LENGTH = 128;

  /** The longest accepted {@code content_id}: {@value} characters. */
  public static final int MAX_CONTENT_ID_LENGTH = 256;

  /** The longest accepted {@code codec}: {@value} characters. */
  public static final int MAX_CODEC_LENGTH = 32;

  /** The largest accepted resolution width or height: {@value} pixels. */
  public static final int MAX_RESOLUTION_PX = 16_384;

  /** The largest accepted {@code frame_rate_fps}: {@value}. */
  public static final double MAX_FRAME_RATE_FPS = 1_000;

  private final PlaybackState playbackState;
  private final String sessionId;
  private final String contentId;
  private final String cdn;
  private final String codec;
  private final long bitrateKbps;
  private final int widthPx;
  private final int heightPx;
  private final double frameRateFps;
  private final long droppedFrames;
  private final long rebufferCount;
  private final long rebufferDurationMs;
  private final long startupTimeMs;

  private VideoQualityEvent(Builder b) {
    super(b);
    this.playbackState = Checks.required("playback_state", b.playbackState);
    this.sessionId = Checks.optionalText("session_id", b.sessionId, MAX_ID_LENGTH);
    this.contentId = Checks.optionalText("content_id", b.contentId, MAX_CONTENT_ID_LENGTH);
    this.cdn = Checks.optionalText("cdn", b.cdn, MAX_ID_LENGTH);
    this.codec = Checks.optionalText("codec", b.codec, MAX_CODEC_LENGTH);
    this.bitrateKbps = Checks.optionalRange("bitrate_kbps", b.bitrateKbps, 0, Long.MAX_VALUE);
    // 0 marks an absent resolution: a present one is at least 1 pixel.
    this.widthPx =
        b.widthPx == null
            ? 0
            : (int) Checks.range("resolution_width_px", b.widthPx, 1, MAX_RESOLUTION_PX);
    this.heightPx =
        b.heightPx == null
            ? 0
            : (int) Checks.range("resolution_height_px", b.heightPx, 1, MAX_RESOLUTION_PX);
    this.frameRateFps =
        Checks.optionalRange("frame_rate_fps", b.frameRateFps, 0, MAX_FRAME_RATE_FPS);
    this.droppedFrames = Checks.optionalRange("dropped_frames", b.droppedFrames, 0, Long.MAX_VALUE);
    this.rebufferCount = Checks.optionalRange("rebuffer_count", b.rebufferCount, 0, Long.MAX_VALUE);
    this.rebufferDurationMs =
        Checks.optionalRange("rebuffer_duration_ms", b.rebufferDurationMs, 0, Long.MAX_VALUE);
    this.startupTimeMs =
        Checks.optionalRange("startup_time_ms", b.startupTimeMs, 0, Long.MAX_VALUE);
  }

  /**
   * A builder for an event from this device.
   *
   * @param device the device that emits the event
   * @return this builder
   */
  public static Builder builder(DeviceContext device) {
    return new Builder(device);
  }

  @Override
  public String eventType() {
    return EVENT_TYPE;
  }

  @Override
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /** {@return {@code playback_state}} */
  public PlaybackState playbackState() {
    return playbackState;
  }

  /** {@return {@code session_id}: the playback session, to join samples of one viewing} */
  public Optional<String> sessionId() {
    return Optional.ofNullable(sessionId);
  }

  /** {@return {@code content_id}: the asset or channel played} */
  public Optional<String> contentId() {
    return Optional.ofNullable(contentId);
  }

  /** {@return {@code cdn}: the CDN or edge the segments came from} */
  public Optional<String> cdn() {
    return Optional.ofNullable(cdn);
  }

  /** {@return {@code codec}: the video codec, e.g. {@code h264}, {@code hevc}, {@code av1}} */
  public Optional<String> codec() {
    return Optional.ofNullable(codec);
  }

  /** {@return {@code bitrate_kbps}: the bitrate of the rendition playing, kilobits per second} */
  public OptionalLong bitrateKbps() {
    return bitrateKbps == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(bitrateKbps);
  }

  /** {@return {@code resolution_width_px}} */
  public OptionalInt resolutionWidthPx() {
    return widthPx == 0 ? OptionalInt.empty() : OptionalInt.of(widthPx);
  }

  /** {@return {@code resolution_height_px}} */
  public OptionalInt resolutionHeightPx() {
    return heightPx == 0 ? OptionalInt.empty() : OptionalInt.of(heightPx);
  }

  /** {@return {@code frame_rate_fps}: rendered frames per second} */
  public OptionalDouble frameRateFps() {
    return Double.isNaN(frameRateFps) ? OptionalDouble.empty() : OptionalDouble.of(frameRateFps);
  }

  /** {@return {@code dropped_frames}} */
  public OptionalLong droppedFrames() {
    return droppedFrames == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(droppedFrames);
  }

  /** {@return {@code rebuffer_count}: stalls after startup} */
  public OptionalLong rebufferCount() {
    return rebufferCount == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(rebufferCount);
  }

  /** {@return {@code rebuffer_duration_ms}: total stalled time, milliseconds} */
  public OptionalLong rebufferDurationMs() {
    return rebufferDurationMs == Long.MIN_VALUE
        ? OptionalLong.empty()
        : OptionalLong.of(rebufferDurationMs);
  }

  /** {@return {@code startup_time_ms}: from play request to first frame, milliseconds} */
  public OptionalLong startupTimeMs() {
    return startupTimeMs == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(startupTimeMs);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof VideoQualityEvent)) {
      return false;
    }
    VideoQualityEvent e = (VideoQualityEvent) o;
    return sameEnvelope(e)
        && playbackState == e.playbackState
        && Objects.equals(sessionId, e.sessionId)
        && Objects.equals(contentId, e.contentId)
        && Objects.equals(cdn, e.cdn)
        && Objects.equals(codec, e.codec)
        && bitrateKbps == e.bitrateKbps
        && widthPx == e.widthPx
        && heightPx == e.heightPx
        && Double.compare(frameRateFps, e.frameRateFps) == 0
        && droppedFrames == e.droppedFrames
        && rebufferCount == e.rebufferCount
        && rebufferDurationMs == e.rebufferDurationMs
        && startupTimeMs == e.startupTimeMs;
  }

  @Override
  public int hashCode() {
    return 31 * envelopeHash() + Objects.hash(playbackState, sessionId, contentId, bitrateKbps);
  }

  @Override
  public String toString() {
    return "VideoQualityEvent{"
        + envelopeString()
        + ", playback_state="
        + playbackState.wireName()
        + ", bitrate_kbps="
        + bitrateKbps()
        + ", dropped_frames="
        + droppedFrames()
        + ", rebuffer_count="
        + rebufferCount()
        + '}';
  }

  /**
   * Collects the fields. Setters only record values (a {@code null} string leaves the field out);
   * every check happens in {@link #build()}. Not thread-safe.
   */
  public static final class Builder extends AbstractEventBuilder<Builder> {
    private PlaybackState playbackState;
    private String sessionId;
    private String contentId;
    private String cdn;
    private String codec;
    private Long bitrateKbps;
    private Long widthPx;
    private Long heightPx;
    private Double frameRateFps;
    private Long droppedFrames;
    private Long rebufferCount;
    private Long rebufferDurationMs;
    private Long startupTimeMs;

    private Builder(DeviceContext device) {
      super(device);
    }

    /**
     * Sets {@code playback_state} (required).
     *
     * @param playbackState the {@code playback_state} value
     * @return this builder
     */
    public Builder playbackState(PlaybackState playbackState) {
      this.playbackState = playbackState;
      return this;
    }

    /**
     * Sets {@code session_id}.
     *
     * @param sessionId the {@code session_id} value
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * Sets {@code content_id}.
     *
     * @param contentId the {@code content_id} value
     * @return this builder
     */
    public Builder contentId(String contentId) {
      this.contentId = contentId;
      return this;
    }

    /**
     * Sets {@code cdn}.
     *
     * @param cdn the {@code cdn} value
     * @return this builder
     */
    public Builder cdn(String cdn) {
      this.cdn = cdn;
      return this;
    }

    /**
     * Sets {@code codec}.
     *
     * @param codec the {@code codec} value
     * @return this builder
     */
    public Builder codec(String codec) {
      this.codec = codec;
      return this;
    }

    /**
     * Sets {@code bitrate_kbps} ({@code >= 0}).
     *
     * @param bitrateKbps the {@code bitrate_kbps} value
     * @return this builder
     */
    public Builder bitrateKbps(long bitrateKbps) {
      this.bitrateKbps = bitrateKbps;
      return this;
    }

    /**
     * Sets {@code resolution_width_px} and {@code resolution_height_px} (each 1 to 16384).
     *
     * @param heightPx the picture height in pixels
     * @param widthPx the picture width in pixels
     * @return this builder
     */
    public Builder resolution(int widthPx, int heightPx) {
      this.widthPx = (long) widthPx;
      this.heightPx = (long) heightPx;
      return this;
    }

    /**
     * Sets {@code frame_rate_fps} (finite, 0 to 1000).
     *
     * @param frameRateFps the {@code frame_rate_fps} value
     * @return this builder
     */
    public Builder frameRateFps(double frameRateFps) {
      this.frameRateFps = frameRateFps;
      return this;
    }

    /**
     * Sets {@code dropped_frames} ({@code >= 0}).
     *
     * @param droppedFrames the {@code dropped_frames} value
     * @return this builder
     */
    public Builder droppedFrames(long droppedFrames) {
      this.droppedFrames = droppedFrames;
      return this;
    }

    /**
     * Sets {@code rebuffer_count} ({@code >= 0}).
     *
     * @param rebufferCount the {@code rebuffer_count} value
     * @return this builder
     */
    public Builder rebufferCount(long rebufferCount) {
      this.rebufferCount = rebufferCount;
      return this;
    }

    /**
     * Sets {@code rebuffer_duration_ms} ({@code >= 0}).
     *
     * @param rebufferDurationMs the {@code rebuffer_duration_ms} value
     * @return this builder
     */
    public Builder rebufferDurationMs(long rebufferDurationMs) {
      this.rebufferDurationMs = rebufferDurationMs;
      return this;
    }

    /**
     * Sets {@code startup_time_ms} ({@code >= 0}).
     *
     * @param startupTimeMs the {@code startup_time_ms} value
     * @return this builder
     */
    public Builder startupTimeMs(long startupTimeMs) {
      this.startupTimeMs = startupTimeMs;
      return this;
    }

    /**
     * Validates and builds, filling {@code event_id} and {@code timestamp} unless given.
     *
     * @return the validated event
     * @throws IllegalArgumentException naming the field (wire name) and the bad value
     */
    public VideoQualityEvent build() {
      return new VideoQualityEvent(this);
    }

    @Override
    Builder self() {
      return this;
    }
  }
}
