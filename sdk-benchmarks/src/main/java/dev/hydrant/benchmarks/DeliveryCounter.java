package dev.hydrant.benchmarks;

import dev.hydrant.testkit.DeliveredRecord;
import dev.hydrant.testkit.FirehoseBilling;
import dev.hydrant.testkit.RecordListener;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the emulated Firehose accepted: records, their bytes as stored (compressed, for gzip
 * records) and decoded, billed bytes and events (NDJSON lines, one per {@code '\n'}), without
 * keeping any record. Thread-safe.
 */
final class DeliveryCounter implements RecordListener {
  private final LongAdder records = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder billed = new LongAdder();
  private final LongAdder rawBytes = new LongAdder();
  private final LongAdder events = new LongAdder();

  @Override
  public void delivered(DeliveredRecord record) {
    byte[] data = record.data();
    records.increment();
    bytes.add(data.length);
    billed.add(FirehoseBilling.billedBytes(data.length));
    byte[] lines = record.decoded();
    rawBytes.add(lines.length);
    events.add(countLines(lines));
  }

  static long countLines(byte[] data) {
    long n = 0;
    for (byte b : data) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  void reset() {
    records.reset();
    bytes.reset();
    billed.reset();
    rawBytes.reset();
    events.reset();
  }

  long records() {
    return records.sum();
  }

  long bytes() {
    return bytes.sum();
  }

  /** The records' NDJSON bytes, decompressed where they were gzip. */
  long rawBytes() {
    return rawBytes.sum();
  }

  long billedBytes() {
    return billed.sum();
  }

  long events() {
    return events.sum();
  }
}
