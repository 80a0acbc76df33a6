package dev.hydrant.internal.pipeline;

import dev.hydrant.FailureReason;
import dev.hydrant.Route;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import dev.hydrant.internal.codec.PackedRecord;
import dev.hydrant.internal.codec.Packer;
import dev.hydrant.internal.transport.DeliveryInterruptedException;
import dev.hydrant.internal.transport.RecordDelivery;
import dev.hydrant.internal.transport.RecordResult;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one sender thread: waits for a batch's worth of events (or the linger time), packs them into
 * Firehose records, delivers them, and acks every event that reached an end. Like OpenTelemetry's
 * {@code BatchSpanProcessor.Worker}, it owns batching; producers only append.
 *
 * <p>Requests go out one at a time, so while the endpoint fails the whole pipeline waits in the
 * retry's backoff: no hot loop, no request storm. Every event taken from the buffer ends acked
 * (with a listener callback) or released, whatever fails on the way.
 */
public final class Sender implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Sender.class);

  /** How long the thread pauses after an unexpected error, so that a bug cannot spin the CPU. */
  static final long ERROR_PAUSE_MILLIS = 1_000;

  /**
   * 2020-01-01T00:00:00Z. An acceptance time before it was taken while the device clock was not yet
   * set (boxes boot at the epoch or a stale RTC time); such events are not expired by age.
   */
  static final long CLOCK_SET_FLOOR_MILLIS = 1_577_836_800_000L;

  /** How long an idle sender waits for a first event before looking again. */
  static final long IDLE_WAIT_MILLIS = 1_000;

  private final EventBuffer buffer;
  private final Packer packer;
  private final RecordDelivery delivery;
  private final Route route;
  private final long lingerMillis;
  private final long ttlMillis;
  private final ListenerDispatch dispatch;
  private final Clock clock;
  private final int takeMaxEvents;
  private final long takeMaxBytes;

  private volatile int flushRequests;
  private volatile boolean draining;
  private volatile boolean stopped;
  private volatile Throwable death;

  public Sender(
      EventBuffer buffer,
      Packer packer,
      RecordDelivery delivery,
      Route route,
      long lingerMillis,
      long ttlMillis,
      ListenerDispatch dispatch,
      Clock clock) {
    this.buffer = buffer;
    this.packer = packer;
    this.delivery = delivery;
    this.route = route;
    this.lingerMillis = lingerMillis;
    this.ttlMillis = ttlMillis;
    this.dispatch = dispatch;
    this.clock = clock;
    if (route == Route.BATCH) {
      takeMaxBytes = packer.batchMaxBytes();
      takeMaxEvents = packer.aggregate() ? Integer.MAX_VALUE : packer.batchMaxRecords();
    } else {
      takeMaxBytes = packer.recordMaxBytes();
      takeMaxEvents = packer.aggregate() ? Integer.MAX_VALUE : 1;
    }
  }

  /** Sends without lingering until {@link #endFlush()} is called as often as this. */
  public synchronized void beginFlush() {
    flushRequests++;
    buffer.wakeUp();
  }

  public synchronized void endFlush() {
    flushRequests--;
  }

  /** From now on: send everything without lingering, and end the loop once the buffer is empty. */
  public void drain() {
    draining = true;
    buffer.wakeUp();
  }

  /** End the loop as soon as possible, even with events left (the caller interrupts the thread). */
  public void stop() {
    stopped = true;
    draining = true;
    buffer.wakeUp();
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
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        if (!cycle()) {
          return;
        }
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
        // A stray interrupt while running normally: clear it and go on.
      } catch (RuntimeException | IOException | OutOfMemoryError e) {
        log.error("sender cycle failed; pausing {} ms", ERROR_PAUSE_MILLIS, e);
        try {
          TimeUnit.MILLISECONDS.sleep(ERROR_PAUSE_MILLIS);
        } catch (InterruptedException ie) {
          if (stopped) {
            return;
          }
        }
      }
    }
  }

  private boolean urgent() {
    return draining || flushRequests > 0;
  }

  /** One wait-take-send round. Returns {@code false} when the loop should end. */
  private boolean cycle() throws InterruptedException, IOException {
    if (!urgent()) {
      OptionalLong oldest = buffer.oldestAcceptedAtMillis();
      // Clamped to the linger time: a wall clock stepped back must not park events for longer.
      long wait =
          oldest.isPresent()
              ? Math.min(lingerMillis, oldest.getAsLong() + lingerMillis - clock.millis())
              : Math.max(lingerMillis, IDLE_WAIT_MILLIS);
      if (wait > 0) {
        boolean full =
            buffer.awaitAvailable(takeMaxEvents, takeMaxBytes, wait, TimeUnit.MILLISECONDS);
        if (!full && !urgent()) {
          OptionalLong now = buffer.oldestAcceptedAtMillis();
          if (now.isEmpty() || now.getAsLong() + lingerMillis > clock.millis()) {
            return true;
          }
        }
      }
    }
    List<BufferedEvent> events = buffer.take(takeMaxEvents, takeMaxBytes);
    if (events.isEmpty()) {
      if (draining) {
        return false;
      }
      // Nothing to send: wait for an event instead of spinning (also with a zero linger).
      buffer.awaitAvailable(1, 1, Math.max(lingerMillis, IDLE_WAIT_MILLIS), TimeUnit.MILLISECONDS);
      return true;
    }
    process(events);
    return true;
  }

  private void process(List<BufferedEvent> taken) throws InterruptedException {
    BitSet finished = new BitSet(taken.size());
    try {
      send(taken, finished);
    } catch (InterruptedException e) {
      settleUnfinished(taken, finished, FailureReason.CLOSED, "client closed before delivery");
      throw e;
    } catch (OutOfMemoryError e) {
      // Often transient on a small heap (a large batch body): keep the events for another try.
      buffer.release(unfinished(taken, finished));
      throw e;
    } catch (RuntimeException | Error e) {
      log.error("could not send {} event(s)", taken.size() - finished.cardinality(), e);
      settleUnfinished(taken, finished, FailureReason.INTERNAL_ERROR, e.toString());
      // Rethrown so that the loop pauses before it takes (for a spool: the same) events again.
      throw e;
    }
  }

  /**
   * Ends every taken event not yet finished: a disk spool keeps it for a later attempt (or the next
   * start), a memory buffer reports it failed for {@code reason}.
   */
  private void settleUnfinished(
      List<BufferedEvent> taken, BitSet finished, FailureReason reason, String detail) {
    List<BufferedEvent> left = unfinished(taken, finished);
    if (left.isEmpty()) {
      return;
    }
    if (buffer.durable()) {
      buffer.release(left);
    } else {
      finish(left, reason, detail);
    }
  }

  private static List<BufferedEvent> unfinished(List<BufferedEvent> taken, BitSet finished) {
    List<BufferedEvent> left = new ArrayList<>();
    for (int i = finished.nextClearBit(0); i < taken.size(); i = finished.nextClearBit(i + 1)) {
      left.add(taken.get(i));
    }
    return left;
  }

  private void send(List<BufferedEvent> taken, BitSet finished) throws InterruptedException {
    long now = clock.millis();
    List<BufferedEvent> live = new ArrayList<>(taken.size());
    List<Integer> liveIndex = new ArrayList<>(taken.size());
    Fate expired = new Fate(null);
    Fate oversize = new Fate(null);
    for (int i = 0; i < taken.size(); i++) {
      BufferedEvent e = taken.get(i);
      if (ageBase(e, now) + ttlMillis <= now) {
        expired.add(e, i);
      } else if (e.size() > packer.recordMaxBytes()) {
        // Only possible for events a spool kept from a run with a larger record limit.
        oversize.add(e, i);
      } else {
        live.add(e);
        liveIndex.add(i);
      }
    }
    end(expired, FailureReason.EXPIRED, "not delivered within the event TTL", finished);
    end(
        oversize,
        FailureReason.PAYLOAD_TOO_LARGE,
        "larger than recordMaxBytes " + packer.recordMaxBytes(),
        finished);
    if (live.isEmpty()) {
      return;
    }
    List<byte[]> lines = new ArrayList<>(live.size());
    for (BufferedEvent e : live) {
      lines.add(e.line());
    }
    List<PackedRecord> records = packer.pack(lines);
    List<List<PackedRecord>> groups;
    if (route == Route.BATCH) {
      groups = packer.batches(records);
    } else {
      groups = new ArrayList<>(records.size());
      for (PackedRecord r : records) {
        groups.add(List.of(r));
      }
    }
    for (List<PackedRecord> group : groups) {
      sendGroup(group, live, liveIndex, finished);
    }
  }

  private void sendGroup(
      List<PackedRecord> group, List<BufferedEvent> live, List<Integer> liveIndex, BitSet finished)
      throws InterruptedException {
    long now = clock.millis();
    long oldest = Long.MAX_VALUE;
    List<byte[]> data = new ArrayList<>(group.size());
    for (PackedRecord r : group) {
      data.add(r.data());
      for (int i = r.firstLine(); i < r.firstLine() + r.lineCount(); i++) {
        oldest = Math.min(oldest, ageBase(live.get(i), now));
      }
    }
    // RecordDelivery retries, resends only failed entries and splits a batch refused with 413.
    List<RecordResult> results;
    try {
      results = delivery.deliver(route, data, oldest + ttlMillis).results();
    } catch (DeliveryInterruptedException e) {
      // Records the proxy already acknowledged are delivered, whatever interrupted the rest.
      settle(group, e.partial(), live, liveIndex, finished);
      throw e;
    }
    settle(group, results, live, liveIndex, finished);
  }

  /** Ends the events of each record whose result is known ({@code null}: unknown, left alone). */
  private void settle(
      List<PackedRecord> group,
      List<RecordResult> results,
      List<BufferedEvent> live,
      List<Integer> liveIndex,
      BitSet finished) {
    Fate delivered = new Fate(null);
    Map<String, Fate> failed = new LinkedHashMap<>();
    for (int k = 0; k < group.size(); k++) {
      PackedRecord r = group.get(k);
      RecordResult result = results.get(k);
      if (result == null) {
        continue;
      }
      for (int i = r.firstLine(); i < r.firstLine() + r.lineCount(); i++) {
        Fate fate =
            result.delivered()
                ? delivered
                : failed.computeIfAbsent(
                    result.reason() + "\u0000" + result.detail(), key -> new Fate(result));
        fate.add(live.get(i), liveIndex.get(i));
      }
    }
    if (!delivered.events().isEmpty()) {
      // Callbacks first: once acked, flush may return, and its caller expects them done.
      dispatch.delivered(delivered.events());
      ack(delivered.events());
      finished.or(delivered.positions());
    }
    for (Fate f : failed.values()) {
      end(f, f.cause().reason(), f.cause().detail(), finished);
    }
  }

  /**
   * Events that met the same end, with their positions in the taken list. An event counts as
   * finished (its bit set) only once acked: if a callback throws first, it is still ours to settle.
   */
  private record Fate(RecordResult cause, List<BufferedEvent> events, BitSet positions) {
    Fate(RecordResult cause) {
      this(cause, new ArrayList<>(), new BitSet());
    }

    void add(BufferedEvent e, int position) {
      events.add(e);
      positions.set(position);
    }
  }

  private void end(Fate fate, FailureReason reason, String detail, BitSet finished) {
    finish(fate.events(), reason, detail);
    finished.or(fate.positions());
  }

  /** When the event's TTL started: its acceptance, unless the clock was unset then. */
  private static long ageBase(BufferedEvent e, long now) {
    return e.acceptedAtMillis() < CLOCK_SET_FLOOR_MILLIS ? now : e.acceptedAtMillis();
  }

  private void finish(List<BufferedEvent> events, FailureReason reason, String detail) {
    if (events.isEmpty()) {
      return;
    }
    dispatch.failed(reason, detail, events);
    ack(events);
  }

  private void ack(List<BufferedEvent> events) {
    try {
      buffer.ack(events);
    } catch (IOException e) {
      // The events reached their end; a spool that cannot record it will resend them after a
      // restart (a duplicate, never a loss).
      log.warn(
          "could not record {} finished event(s) in the buffer: {}", events.size(), e.toString());
    }
  }
}
