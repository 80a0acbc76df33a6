package dev.hydrant.testkit.internal;

import dev.hydrant.testkit.DeliveredRecord;
import dev.hydrant.testkit.EmulatorStats;
import dev.hydrant.testkit.RecordListener;
import dev.hydrant.testkit.Retention;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and, depending on the {@link Retention}, the delivered records or their event ids.
 * Thread-safe; every accepted record passes through {@link #deliver}.
 */
public final class DeliveryLog {

  private static final byte[] EVENT_ID_KEY = "\"event_id\"".getBytes(StandardCharsets.US_ASCII);

  private final Retention retention;
  private final RecordListener listener;
  private final S3Sink sink;
  private final Clock clock;
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final LongAdder records = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final ConcurrentLinkedQueue<DeliveredRecord> kept = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> eventIds = new ConcurrentHashMap<>();

  /** Creates the log; {@code listener} may be null. */
  public DeliveryLog(Retention retention, RecordListener listener, S3Sink sink, Clock clock) {
    this.retention = retention;
    this.listener = listener;
    this.sink = sink;
    this.clock = clock;
  }

  /** Records one accepted record and hands it to the S3 sink and the listener. */
  void deliver(String stream, String recordId, byte[] data) {
    records.increment();
    bytes.add(data.length);
    sink.append(stream, data);
    DeliveredRecord record = null;
    if (retention == Retention.ALL) {
      record = new DeliveredRecord(stream, recordId, data, clock.instant());
      kept.add(record);
    } else if (retention == Retention.EVENT_IDS) {
      collectEventIds(decodedOrNothing(data));
    }
    if (listener != null) {
      try {
        listener.delivered(
            record != null ? record : new DeliveredRecord(stream, recordId, data, clock.instant()));
      } catch (RuntimeException e) {
        // A listener's failure must not change what the client sees.
      }
    }
  }

  void failedEntries(int count) {
    failed.add(count);
  }

  void firehoseOutcome(String outcome) {
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  /** Counts one API Gateway response (0 for a connection fault). */
  public void gatewayStatus(int status) {
    statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
  }

  /** Delivered records in arrival order (empty unless the retention is ALL). */
  public List<DeliveredRecord> records() {
    return List.copyOf(kept);
  }

  /**
   * The NDJSON lines of the delivered records, gzip records decompressed (empty unless the
   * retention is ALL).
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (DeliveredRecord record : kept) {
      String text = record.text();
      int start = 0;
      for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        lines.add(text.substring(start, nl));
        start = nl + 1;
      }
      if (start < text.length()) {
        lines.add(text.substring(start));
      }
    }
    return lines;
  }

  /** How many times each event id was delivered (empty unless the retention is EVENT_IDS). */
  public Map<String, Long> eventIdCounts() {
    Map<String, Long> copy = new HashMap<>();
    eventIds.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  /** A snapshot of the counters. */
  public EmulatorStats stats() {
    Map<Integer, Long> s = new HashMap<>();
    statuses.forEach((k, v) -> s.put(k, v.sum()));
    Map<String, Long> o = new HashMap<>();
    outcomes.forEach((k, v) -> o.put(k, v.sum()));
    return new EmulatorStats(s, o, records.sum(), bytes.sum(), failed.sum(), sink.objectsWritten());
  }

  /** Clears counters, kept records, event ids and the S3 sink's memory. */
  public void clear() {
    statuses.clear();
    outcomes.clear();
    records.reset();
    bytes.reset();
    failed.reset();
    kept.clear();
    eventIds.clear();
    sink.clear();
  }

  /**
   * The record's lines; nothing (no ids) for a record that is not valid gzip although it starts
   * like it, so that the test sees those events as never delivered.
   */
  private static byte[] decodedOrNothing(byte[] data) {
    try {
      return GzipData.decode(data);
    } catch (UncheckedIOException e) {
      return new byte[0];
    }
  }

  private void collectEventIds(byte[] data) {
    int from = 0;
    while (true) {
      int key = indexOf(data, EVENT_ID_KEY, from);
      if (key < 0) {
        return;
      }
      int i = key + EVENT_ID_KEY.length;
      while (i < data.length && (data[i] == ' ' || data[i] == ':')) {
        i++;
      }
      if (i < data.length && data[i] == '"') {
        int end = i + 1;
        while (end < data.length && data[end] != '"') {
          end++;
        }
        String id = new String(data, i + 1, end - i - 1, StandardCharsets.UTF_8);
        eventIds.computeIfAbsent(id, k -> new LongAdder()).increment();
        i = end;
      }
      from = i;
    }
  }

  private static int indexOf(byte[] data, byte[] needle, int from) {
    outer:
    for (int i = from; i <= data.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
