package dev.hydrant.event;

import java.util.Locale;

/** The player's state when a {@link VideoQualityEvent} was taken ({@code playback_state}). */
public enum PlaybackState {
  /** Loading the stream, before the first frame. */
  STARTING,
  /** Rendering frames. */
  PLAYING,
  /** Paused by the viewer. */
  PAUSED,
  /** Stalled waiting for data (a rebuffer). */
  BUFFERING,
  /** Moving to another position in the stream. */
  SEEKING,
  /** Playback ended or was stopped. */
  STOPPED,
  /** Playback failed. */
  ERROR;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** {@return the value on the wire: the constant's name in lower case, e.g. {@code buffering}} */
  public String wireName() {
    return wireName;
  }
}
