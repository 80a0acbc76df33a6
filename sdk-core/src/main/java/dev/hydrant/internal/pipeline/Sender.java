package dev.hydrant.internal.pipeline;

import dev.hydrant.FailureReason;
import dev.hydrant.Route;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import dev.hydrant.internal.codec.PackedRecord;
import dev.hydrant.internal.codec.Packer;
import dev.hydrant.internal.transport.DeliveryReport;
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
 * retry's backoff: no hot loop, no request storm.
 */
public final class Sender implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Sender.class);

  /** How long the thread pauses after an unexpected error, so that a bug cannot spin the CPU. */
  static final long ERROR_PAUSE_MILLIS = 1_000;

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

  @Override
  public void run() {
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
      } catch (RuntimeException | IOException e) {
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

  /** One wait-take-send round. Returns {@code false} when the loop should end. */
  private boolean cycle() throws InterruptedException, IOException {
    boolean urgent = draining || flushRequests > 0;
    if (!urgent) {
      OptionalLong oldest = buffer.oldestAcceptedAtMillis();
      long wait =
          oldest.isPresent() ? oldest.getAsLong() + lingerMillis - clock.millis() : lingerMillis;
      if (wait > 0) {
        boolean full =
            buffer.awaitAvailable(
                takeMaxEvents == Integer.MAX_VALUE ? Integer.MAX_VALUE : takeMaxEvents,
                takeMaxBytes,
                wait,
                TimeUnit.MILLISECONDS);
        if (!full && !(draining || flushRequests > 0)) {
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
      if (flushRequests > 0) {
        // Nothing left to hurry: wait for new events instead of spinning.
        buffer.awaitAvailable(1, 1, lingerMillis, TimeUnit.MILLISECONDS);
      }
      return true;
    }
    process(events);
    return true;
  }

  private void process(List<BufferedEvent> taken) throws InterruptedException, IOException {
    long now = clock.millis();
    List<BufferedEvent> live = new ArrayList<>(taken.size());
    List<BufferedEvent> expired = new ArrayList<>();
    for (BufferedEvent e : taken) {
      (e.acceptedAtMillis() + ttlMillis <= now ? expired : live).add(e);
    }
    if (!expired.isEmpty()) {
      finish(expired, FailureReason.EXPIRED, "not delivered within the event TTL");
    }
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
    BitSet finished = new BitSet(live.size());
    try {
      for (List<PackedRecord> group : groups) {
        sendGroup(group, live, finished);
      }
    } catch (InterruptedException e) {
      List<BufferedEvent> left = new ArrayList<>();
      for (int i = finished.nextClearBit(0); i < live.size(); i = finished.nextClearBit(i + 1)) {
        left.add(live.get(i));
      }
      if (buffer.durable()) {
        buffer.release(left);
      } else {
        finish(left, FailureReason.CLOSED, "client closed before delivery");
      }
      throw e;
    }
  }

  private void sendGroup(List<PackedRecord> group, List<BufferedEvent> live, BitSet finished)
      throws InterruptedException, IOException {
    long oldest = Long.MAX_VALUE;
    List<byte[]> data = new ArrayList<>(group.size());
    for (PackedRecord r : group) {
      data.add(r.data());
      for (int i = r.firstLine(); i < r.firstLine() + r.lineCount(); i++) {
        oldest = Math.min(oldest, live.get(i).acceptedAtMillis());
      }
    }
    DeliveryReport report = delivery.deliver(route, data, oldest + ttlMillis);
    List<BufferedEvent> delivered = new ArrayList<>();
    Map<String, List<BufferedEvent>> failedByCause = new LinkedHashMap<>();
    Map<String, RecordResult> causes = new LinkedHashMap<>();
    List<PackedRecord> tooLarge = new ArrayList<>();
    List<RecordResult> results = report.results();
    for (int k = 0; k < group.size(); k++) {
      PackedRecord r = group.get(k);
      RecordResult result = results.get(k);
      if (!result.delivered()
          && result.reason() == FailureReason.PAYLOAD_TOO_LARGE
          && group.size() > 1) {
        tooLarge.add(r);
        continue;
      }
      for (int i = r.firstLine(); i < r.firstLine() + r.lineCount(); i++) {
        BufferedEvent e = live.get(i);
        finished.set(i);
        if (result.delivered()) {
          delivered.add(e);
        } else {
          String key = result.reason() + "\u0000" + result.detail();
          failedByCause.computeIfAbsent(key, x -> new ArrayList<>()).add(e);
          causes.putIfAbsent(key, result);
        }
      }
    }
    if (!delivered.isEmpty()) {
      ack(delivered);
      dispatch.delivered(delivered);
    }
    for (Map.Entry<String, List<BufferedEvent>> f : failedByCause.entrySet()) {
      RecordResult cause = causes.get(f.getKey());
      finish(f.getValue(), cause.reason(), cause.detail());
    }
    if (!tooLarge.isEmpty()) {
      // The gateway refused the body size: halve the batch until it passes or is one record.
      int half = tooLarge.size() / 2;
      if (half == 0) {
        sendGroup(tooLarge, live, finished);
      } else {
        sendGroup(new ArrayList<>(tooLarge.subList(0, half)), live, finished);
        sendGroup(new ArrayList<>(tooLarge.subList(half, tooLarge.size())), live, finished);
      }
    }
  }

  private void finish(List<BufferedEvent> events, FailureReason reason, String detail) {
    ack(events);
    dispatch.failed(reason, detail, events);
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
