package dev.hydrant.internal.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the device clock is off AWS's, learnt from the {@code Date} header of the proxy's and the
 * credentials endpoint's answers. SigV4 signatures are only accepted within minutes of the server's
 * time and credentials expire at server times, while boxes boot with unset or drifting clocks: so
 * Hydrant signs and judges expiry on {@link #corrected()} time, the device clock plus the learnt
 * offset. An offset below {@value #THRESHOLD_MILLIS} ms is ignored (the header has one-second
 * resolution and the network adds delay). Every change of the offset is logged at WARN with the old
 * and new value. Thread-safe.
 */
public final class ClockSkew {
  private static final Logger LOG = LoggerFactory.getLogger(ClockSkew.class);

  /** Offsets smaller than this are not corrected: {@value} ms. */
  public static final long THRESHOLD_MILLIS = 60_000;

  private final Clock device;
  private final AtomicLong offsetMillis = new AtomicLong();

  public ClockSkew(Clock device) {
    this.device = Objects.requireNonNull(device, "device");
  }

  /** The device clock. */
  public Clock device() {
    return device;
  }

  /** The current correction added to the device clock, in milliseconds. */
  public long offsetMillis() {
    return offsetMillis.get();
  }

  /** Device time plus the learnt offset: AWS's time as well as Hydrant can tell. */
  public Clock corrected() {
    return new Corrected();
  }

  /**
   * Learns from a server's {@code Date} header (RFC 1123) read at device time {@code deviceMillis}.
   * Ignores a missing or malformed value.
   *
   * @return whether the offset changed
   */
  public boolean observe(String dateHeader, long deviceMillis) {
    if (dateHeader == null || dateHeader.isBlank()) {
      return false;
    }
    Instant server;
    try {
      server =
          ZonedDateTime.parse(dateHeader.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return false;
    }
    long measured = server.toEpochMilli() - deviceMillis;
    long current = offsetMillis.get();
    long wanted = Math.abs(measured) < THRESHOLD_MILLIS ? 0 : measured;
    if (Math.abs(wanted - current) < THRESHOLD_MILLIS) {
      return false;
    }
    if (!offsetMillis.compareAndSet(current, wanted)) {
      return false;
    }
    LOG.warn(
        "device clock is {} the server's (its Date: {}); signing requests and judging credential"
            + " expiry with the corrected time (before: {})",
        describe(measured),
        dateHeader.strip(),
        describe(current));
    return true;
  }

  /**
   * "{@code 60 min behind}" for an offset of +1 h (server minus device), "{@code in step}" for 0.
   */
  static String describe(long offsetMillis) {
    if (offsetMillis == 0) {
      return "in step";
    }
    long seconds = Math.abs(offsetMillis) / 1000;
    return (seconds < 120 ? seconds + " s" : Math.round(seconds / 60.0) + " min")
        + (offsetMillis > 0 ? " behind" : " ahead");
  }

  private final class Corrected extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return device.millis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }
  }
}
