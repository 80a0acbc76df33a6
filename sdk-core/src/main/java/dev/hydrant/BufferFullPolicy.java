package dev.hydrant;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code send} does when the buffer is full. Every event a policy drops is counted in the
 * metrics and reported to the {@code DeliveryListener}; none is lost silently.
 */
public final class BufferFullPolicy {
  /** What kind of policy this is. */
  public enum Kind {
    /** Wait up to {@link #timeout()} for room, then throw {@link BufferFullException}. */
    BLOCK,
    /**
     * Drop the new event: {@code send} returns {@code false}. The event counts as accepted and then
     * dropped (it has a {@code seq}, gets {@code onAccepted} and then {@code onDropped} with {@link
     * DropReason#BUFFER_FULL_NEWEST}), like the events the other drop policy evicts.
     */
    DROP_NEWEST,
    /** Evict the oldest buffered event that is not being sent, and accept the new one. */
    DROP_OLDEST
  }

  private final Kind kind;
  private final Duration timeout;

  private BufferFullPolicy(Kind kind, Duration timeout) {
    this.kind = kind;
    this.timeout = timeout;
  }

  /**
   * Block the caller up to {@code timeout} for room, then throw {@link BufferFullException}.
   *
   * @param timeout how long {@code send} may wait for room, 0 to 24 h
   * @return the blocking policy
   * @throws IllegalArgumentException if {@code timeout} is not between 0 and 24 hours
   */
  public static BufferFullPolicy block(Duration timeout) {
    return new BufferFullPolicy(
        Kind.BLOCK, Ranges.duration(timeout, "timeout", Duration.ZERO, Ranges.LIFECYCLE_MAX));
  }

  /**
   * {@return drop the new event; {@code send} returns {@code false}. See {@link Kind#DROP_NEWEST}}
   */
  public static BufferFullPolicy dropNewest() {
    return new BufferFullPolicy(Kind.DROP_NEWEST, Duration.ZERO);
  }

  /** {@return evict the oldest event not currently being sent, and accept the new one} */
  public static BufferFullPolicy dropOldest() {
    return new BufferFullPolicy(Kind.DROP_OLDEST, Duration.ZERO);
  }

  /** {@return what the policy does when the buffer is full} */
  public Kind kind() {
    return kind;
  }

  /** {@return how long {@link Kind#BLOCK} waits; zero for the drop policies} */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BufferFullPolicy p && p.kind == kind && p.timeout.equals(timeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, timeout);
  }

  @Override
  public String toString() {
    return kind == Kind.BLOCK ? "BLOCK(" + timeout + ")" : kind.name();
  }
}
