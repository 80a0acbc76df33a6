package dev.hydrant.examples;

import dev.hydrant.testkit.DeliveredRecord;
import dev.hydrant.testkit.FirehoseBilling;
import dev.hydrant.testkit.RecordListener;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the records the embedded emulator's Firehose accepted: how many, their bytes as stored
 * (compressed, for gzip records) and decoded, and what Firehose bills for them ({@link
 * FirehoseBilling#billedBytes} per record, on the stored bytes). Thread-safe.
 */
final class RecordMeter implements RecordListener {
  private final LongAdder records = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder rawBytes = new LongAdder();
  private final LongAdder billed = new LongAdder();

  @Override
  public void delivered(DeliveredRecord record) {
    add(record.data().length);
    rawBytes.add(record.decoded().length);
  }

  /** Counts one record of {@code size} bytes. */
  void add(long size) {
    records.increment();
    bytes.add(size);
    billed.add(FirehoseBilling.billedBytes(size));
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
}
