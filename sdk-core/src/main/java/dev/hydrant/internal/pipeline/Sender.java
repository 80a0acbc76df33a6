package dev.hydrant.internal.pipeline;

import dev.hydrant.FailureReason;
import dev.hydrant.Route;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import dev.hydrant.internal.codec.PackedRecord;
import dev.hydrant.internal.codec.Packer;
import dev.hydrant.internal.pipeline.Flights.Flight;
import dev.hydrant.internal.pipeline.Flights.Landing;
import dev.hydrant.internal.transport.Attempt;
import dev.hydrant.internal.transport.RecordDelivery;
import dev.hydrant.internal.transport.RequestAuth;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender thread, {@code hydrant-sender}: decides when to send, packs requests, hands them to
 * the request threads ({@link Flights}, up to {@code maxInFlight} at once) and settles each answer
 * the moment it lands ({@link Settlement}). Like OpenTelemetry's {@code BatchSpanProcessor.Worker},
 * it owns batching; producers only append. All buffer reads, acks and listener callbacks happen on
 * this thread.
 *
 * <p>When a request goes out: at once with a full batch, a flush or close, or a retry whose wait is
 * over; otherwise when the oldest waiting event has waited {@code linger}. An idle sender waits for
 * the first event without a timeout (no wake-ups while idle), and that event starts the linger
 * clock, so a lone event leaves after {@code linger} plus scheduling.
 *
 * <p>Retries are per record: a record that failed is packed into a later request together with
 * fresh events, so one failing record never delays others; records are acked as soon as their
 * request is answered. Delivery order across records is therefore not kept: consumers sort and
 * deduplicate by the per-device {@code seq} and {@code event_id}. While requests fail as a whole,
 * no new request starts before the {@link SharedBackoff} wait: no hot loop, no request storm.
 *
 * <p>Every event taken from the buffer ends acked (with a listener callback) or released, whatever
 * fails on the way.
 */
public final class Sender implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Sender.class);

  /** How long a request is held back after it failed unexpectedly, so a bug cannot spin the CPU. */
  static final long ERROR_PAUSE_MILLIS = 1_000;

  /** A failing cycle repeats every {@link #ERROR_PAUSE_MILLIS}; it is logged once a minute. */
  private final LogLimiter cycleErrors = new LogLimiter(60_000);

  /**
   * 2020-01-01T00:00:00Z. An acceptance time before it was taken while the device clock was not yet
   * set (boxes boot at the epoch or a stale RTC time); such events are not expired by age.
   */
  static final long CLOCK_SET_FLOOR_MILLIS = 1_577_836_800_000L;

  /** How long a stopping sender waits for the answers of requests in flight: {@value} ms. */
  static final long STOP_GRACE_MILLIS = 2_000;

  private final EventBuffer buffer;
  private final Packer packer;
  private final RecordDelivery delivery;
  private final Route route;
  private final long lingerMillis;
  private final long ttlMillis;
  private final int maxInFlight;
  private final Clock clock;
  private final Settlement settlement;
  private final Flights flights;
  private final AttemptEvents attempts;
  private final int takeMaxEvents;
  private final long takeMaxBytes;

  /** The most bytes, as sent (compressed, with gzip), of the records of one request. */
  private final long wireMaxBytes;

  /** When the sender last took events: nothing newer has been waiting longer than this. */
  private long lastTakeMillis = Long.MIN_VALUE;

  private volatile int flushRequests;

  /** Events up to this id go out without lingering until they are finished, even unwatched. */
  private volatile long flushThrough = -1;

  private volatile boolean draining;
  private volatile boolean stopped;
  private volatile Throwable death;

  /** Failed credential fetches already reported to the health tracking. */
  private long unavailableReported;

  /** Set once the loop ended: what lands now is not sent again by this client. */
  private boolean finishing;

  public Sender(
      EventBuffer buffer,
      Packer packer,
      RecordDelivery delivery,
      Route route,
      long lingerMillis,
      long ttlMillis,
      int maxInFlight,
      ListenerDispatch dispatch,
      Clock clock) {
    this(
        buffer,
        packer,
        delivery,
        route,
        lingerMillis,
        ttlMillis,
        maxInFlight,
        dispatch,
        clock,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  Sender(
      EventBuffer buffer,
      Packer packer,
      RecordDelivery delivery,
      Route route,
      long lingerMillis,
      long ttlMillis,
      int maxInFlight,
      ListenerDispatch dispatch,
      Clock clock,
      DoubleSupplier jitter) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    this.buffer = buffer;
    this.packer = packer;
    this.delivery = delivery;
    this.route = route;
    this.lingerMillis = lingerMillis;
    this.ttlMillis = ttlMillis;
    this.maxInFlight = maxInFlight;
    this.clock = clock;
    this.settlement = new Settlement(buffer, dispatch, delivery, jitter);
    this.flights = new Flights(maxInFlight, buffer::wakeUp);
    this.attempts = new AttemptEvents(dispatch, route, clock);
    // Signing credentials arriving (or being refused) end a wait for them.
    delivery.onReadyChange(this::wakeUp);
    if (route == Route.BATCH) {
      wireMaxBytes = packer.batchMaxBytes();
      takeMaxEvents = packer.aggregate() ? Integer.MAX_VALUE : packer.batchMaxRecords();
    } else {
      wireMaxBytes = packer.recordMaxBytes();
      takeMaxEvents = packer.aggregate() ? Integer.MAX_VALUE : 1;
    }
    takeMaxBytes = packer.takeBytes(wireMaxBytes);
  }

  /**
   * Sends without lingering until {@link #endFlush()} is called as often as this, and the events
   * stored up to {@code watermark} without lingering until they are finished, however soon the
   * caller stops waiting (a flush whose timeout passes before this thread runs still sends them).
   */
  public synchronized void beginFlush(long watermark) {
    flushRequests++;
    if (watermark > flushThrough) {
      flushThrough = watermark;
    }
    wakeUp();
  }

  public synchronized void endFlush() {
    flushRequests--;
  }

  /** From now on: send everything without lingering, and end the loop once nothing is left. */
  public void drain() {
    draining = true;
    wakeUp();
  }

  /** End the loop as soon as possible, even with events left (the caller interrupts the thread). */
  public void stop() {
    stopped = true;
    draining = true;
    wakeUp();
  }

  private void wakeUp() {
    buffer.wakeUp();
    flights.signal();
  }

  /** What killed the thread, if something did (an {@link Error}); {@code null} while healthy. */
  public Throwable death() {
    return death;
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (Throwable t) {
      death = t;
      log.error("hydrant sender thread died; no more events will be delivered", t);
      if (t instanceof Error e) {
        throw e;
      }
    } finally {
      flights.shutdown();
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        if (!cycle()) {
          break;
        }
      } catch (InterruptedException e) {
        if (stopped) {
          break;
        }
        // A stray interrupt while running normally: clear it and go on.
      } catch (RuntimeException | IOException | OutOfMemoryError e) {
        long heldBack = cycleErrors.occurrence();
        if (heldBack >= 0) {
          log.error(
              "sender cycle failed ({} more like it not logged); pausing {} ms",
              heldBack,
              ERROR_PAUSE_MILLIS,
              e);
        }
        try {
          TimeUnit.MILLISECONDS.sleep(ERROR_PAUSE_MILLIS);
        } catch (InterruptedException ie) {
          if (stopped) {
            break;
          }
        }
      }
    }
    finishOnStop();
  }

  private boolean urgent() {
    return draining
        || flushRequests > 0
        || (flushThrough >= 0 && buffer.lowestPendingId() <= flushThrough);
  }

  /** One settle-decide-send-or-wait round. Returns {@code false} when the loop should end. */
  private boolean cycle() throws InterruptedException, IOException {
    settleLanded();
    if (flights.count() > 0) {
      delivery.abortOverdue();
    }
    long now = clock.millis();
    settlement.expire(now);
    boolean slotFree = flights.count() < maxInFlight;
    boolean backingOff = settlement.backoff().blocks(now);
    boolean anyReady = buffer.awaitAvailable(1, 1, 0, TimeUnit.MILLISECONDS);
    long eligibleAt = settlement.nextEligibleMillis();
    boolean authorized = delivery.ready();
    if (slotFree && !backingOff && authorized) {
      boolean full =
          anyReady && buffer.awaitAvailable(takeMaxEvents, takeMaxBytes, 0, TimeUnit.MILLISECONDS);
      boolean lingered = anyReady && readySince() + lingerMillis <= now;
      boolean retryDue = eligibleAt <= now;
      if (retryDue || full || lingered || (urgent() && anyReady)) {
        if (launch(now)) {
          return true;
        }
      }
    }
    if (draining
        && !anyReady
        && flights.count() == 0
        && settlement.retries().isEmpty()
        && !flights.hasLanded()) {
      return false;
    }
    if (!authorized) {
      reportUnavailable();
    }
    if (!authorized && !flights.hasLanded()) {
      // Events wait for signing credentials; their arrival (or refusal) signals the flights.
      flights.await(waitMillis(flights.earliestDeadlineMillis(), now));
      return true;
    }
    await(now, slotFree, backingOff, anyReady, eligibleAt);
    return true;
  }

  /**
   * Each failed try to get signing credentials counts as a failed attempt for the health state
   * (listener, metrics, log), once: events waiting for credentials are not silent.
   */
  private void reportUnavailable() {
    RequestAuth.Unavailable why = delivery.unavailable();
    if (why == null || why.failures() <= unavailableReported) {
      return;
    }
    unavailableReported = why.failures();
    delivery.observeUnsent(
        Attempt.retry(Attempt.Response.NONE, FailureReason.RETRIES_EXHAUSTED, why.cause(), null));
  }

  /** When the oldest event not yet taken was accepted, as far as the sender can tell. */
  private long readySince() {
    OptionalLong oldest = buffer.oldestAcceptedAtMillis();
    long since = oldest.isPresent() ? oldest.getAsLong() : clock.millis();
    // Older pending events may be in flight; what is still waiting arrived after the last take.
    return Math.max(since, lastTakeMillis);
  }

  private void await(long now, boolean slotFree, boolean backingOff, boolean anyReady, long retryAt)
      throws InterruptedException {
    if (flights.hasLanded()) {
      return;
    }
    // Requests in flight are checked against their deadline when it comes.
    long until = flights.earliestDeadlineMillis();
    if (!slotFree || backingOff) {
      // Nothing can start before a request lands (or the backoff ends): new events can wait.
      if (slotFree) {
        until = Math.min(until, settlement.backoff().untilMillis());
      }
      flights.await(waitMillis(until, now));
      return;
    }
    until = Math.min(until, retryAt);
    if (anyReady) {
      until = Math.min(until, urgent() ? now : readySince() + lingerMillis);
      buffer.awaitAvailable(
          takeMaxEvents, takeMaxBytes, waitMillis(until, now), TimeUnit.MILLISECONDS);
    } else {
      // Nothing waiting: the first event wakes the sender and starts its linger time.
      buffer.awaitAvailable(1, 1, waitMillis(until, now), TimeUnit.MILLISECONDS);
    }
  }

  /** Milliseconds from {@code now} to {@code until}, at least 1, unbounded for MAX_VALUE. */
  private static long waitMillis(long until, long now) {
    return until == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, until - now);
  }

  private void settleLanded() {
    Landing landing;
    while ((landing = flights.poll()) != null) {
      long now = clock.millis();
      List<PendingRecord> records = landing.flight().records();
      try {
        if (landing.error() != null) {
          settlement.crashed(records, landing.error(), now, ERROR_PAUSE_MILLIS);
        } else {
          settlement.land(records, landing.attempt(), now, landing.flight().backoffGeneration());
        }
      } catch (RuntimeException | Error e) {
        settlement.recover(records, e, now, ERROR_PAUSE_MILLIS);
        // Rethrown so that the loop pauses (and a fatal error still ends the thread).
        throw e;
      } finally {
        // After settling, so that the end knows which records go round again.
        attempts.landed(landing, finishing);
      }
    }
  }

  /** Packs one request (due retries first, then fresh events) and launches it. */
  private boolean launch(long now) throws IOException {
    List<PendingRecord> chosen = new ArrayList<>();
    int cap = route == Route.BATCH ? packer.batchMaxRecords() : 1;
    long wireLeft = wireMaxBytes;
    for (Iterator<PendingRecord> it = settlement.retries().iterator(); it.hasNext(); ) {
      PendingRecord p = it.next();
      int limit = Math.min(cap, p.groupLimit);
      if (p.nextEligibleMillis > now || chosen.size() >= limit || p.size() > wireLeft) {
        continue;
      }
      it.remove();
      chosen.add(p);
      cap = limit;
      wireLeft -= p.size();
    }
    if (chosen.size() < cap && wireLeft > 0) {
      int events = packer.aggregate() ? takeMaxEvents : cap - chosen.size();
      // Without compression this is wireLeft; with it, more raw bytes make the same wire bytes.
      long takeBytes = takeMaxBytes - (wireMaxBytes - wireLeft);
      List<PendingRecord> taken;
      try {
        taken = takeFresh(events, takeBytes, now);
      } catch (IOException | RuntimeException e) {
        // The retries chosen above are in no request yet: back to the list, or they are lost.
        settlement.retries().addAll(chosen);
        throw e;
      }
      for (PendingRecord fresh : taken) {
        if (chosen.size() < cap && fresh.size() <= wireLeft) {
          chosen.add(fresh);
          wireLeft -= fresh.size();
        } else {
          settlement.retries().add(fresh);
        }
      }
    }
    if (chosen.isEmpty()) {
      return false;
    }
    List<byte[]> data = new ArrayList<>(chosen.size());
    for (PendingRecord p : chosen) {
      data.add(p.data());
    }
    long timeout = delivery.requestTimeoutMillis();
    long id = attempts.start(chosen);
    Flight flight =
        new Flight(
            List.copyOf(chosen),
            SharedBackoff.saturatedAdd(clock.millis(), timeout),
            settlement.backoff().generation(),
            id);
    try {
      flights.launch(flight, () -> delivery.send(route, data, timeout));
    } catch (RuntimeException | Error e) {
      // Not started: the records go round again, and the attempt started above ends.
      settlement.retries().addAll(chosen);
      attempts.abandoned(List.of(flight));
      throw e;
    }
    return true;
  }

  /** Takes fresh events, ends the expired and oversized ones, and packs the rest into records. */
  private List<PendingRecord> takeFresh(int maxEvents, long maxBytes, long now) throws IOException {
    List<BufferedEvent> taken = buffer.take(maxEvents, maxBytes);
    if (taken.isEmpty()) {
      return List.of();
    }
    lastTakeMillis = now;
    List<BufferedEvent> live = new ArrayList<>(taken.size());
    List<BufferedEvent> expired = new ArrayList<>();
    List<BufferedEvent> oversize = new ArrayList<>();
    for (BufferedEvent e : taken) {
      if (ageBase(e, now) + ttlMillis <= now) {
        expired.add(e);
      } else if (e.size() > packer.maxLineBytes()) {
        // Only possible for events a spool kept from a run with a larger record limit.
        oversize.add(e);
      } else {
        live.add(e);
      }
    }
    List<PendingRecord> records = new ArrayList<>();
    try {
      List<byte[]> lines = new ArrayList<>(live.size());
      for (BufferedEvent e : live) {
        lines.add(e.line());
      }
      for (PackedRecord r : packer.pack(lines)) {
        List<BufferedEvent> events = live.subList(r.firstLine(), r.firstLine() + r.lineCount());
        long oldest = Long.MAX_VALUE;
        for (BufferedEvent e : events) {
          oldest = Math.min(oldest, ageBase(e, now));
        }
        PendingRecord p =
            new PendingRecord(events, r.data(), SharedBackoff.saturatedAdd(oldest, ttlMillis));
        p.nextEligibleMillis = now;
        records.add(p);
      }
    } catch (RuntimeException e) {
      // Nothing taken has ended yet: a spool keeps the events, a memory buffer fails them.
      if (buffer.durable()) {
        buffer.release(taken);
      } else {
        settlement.finish(taken, FailureReason.INTERNAL_ERROR, e.toString());
      }
      // Rethrown so that the loop pauses before it takes (for a spool: the same) events again.
      throw e;
    }
    settlement.finish(expired, FailureReason.EXPIRED, "not delivered within the event TTL");
    settlement.finish(
        oversize,
        FailureReason.PAYLOAD_TOO_LARGE,
        "larger than the per-event limit " + packer.maxLineBytes() + " bytes (recordMaxBytes)");
    return records;
  }

  /**
   * The loop ended (drained, or stopped by close): collects the answers of requests in flight for a
   * short grace time, so that records the proxy acknowledged stay delivered, then ends the rest:
   * kept by a disk spool, failed as {@link FailureReason#CLOSED} by a memory buffer.
   */
  private void finishOnStop() {
    finishing = true;
    long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
    boolean interrupted = Thread.interrupted();
    while (flights.count() > 0 && System.nanoTime() - graceEnd < 0) {
      settleLanded();
      if (flights.count() == 0) {
        break;
      }
      try {
        flights.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(graceEnd - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    settleLanded();
    List<PendingRecord> left = new ArrayList<>(flights.openRecords());
    List<Flight> abandoned = flights.openFlights();
    flights.abandonOpen();
    left.addAll(settlement.retries());
    settlement.retries().clear();
    try {
      settlement.abandon(left, FailureReason.CLOSED, "client closed before delivery");
    } finally {
      attempts.abandoned(abandoned);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** When the event's TTL started: its acceptance, unless the clock was unset then. */
  private static long ageBase(BufferedEvent e, long now) {
    return e.acceptedAtMillis() < CLOCK_SET_FLOOR_MILLIS ? now : e.acceptedAtMillis();
  }
}
