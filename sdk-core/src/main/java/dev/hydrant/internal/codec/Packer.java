package dev.hydrant.internal.codec;

import dev.hydrant.Compression;
import dev.hydrant.EventTooLargeException;
import dev.hydrant.internal.FirehoseLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Packs encoded event lines into Firehose records, and records into request groups for the batch
 * route, within Firehose's and API Gateway's limits.
 *
 * <p>Records: with aggregation on, as many consecutive lines as fit in {@link #recordMaxBytes()}
 * raw bytes are concatenated into one record (Firehose bills each record rounded up to 5 KiB, and
 * S3 sees the same bytes as if each line had been sent alone, because every line ends in {@code
 * '\n'}); with aggregation off, each line is its own record. A line is never split: one larger than
 * the limit is rejected.
 *
 * <p>Groups (one PutRecordBatch request each): consecutive records, at most {@link
 * #batchMaxRecords()} records and {@link #batchMaxBytes()} raw bytes, and a request body estimated
 * at no more than {@value #BODY_MAX_BYTES} bytes (API Gateway's payload cap). The estimate counts
 * each record as its base64 length, {@code 4 * ceil(n / 3)}, plus {@value
 * #BODY_RECORD_OVERHEAD_BYTES} bytes for {@code {"Data":""},}, plus {@value
 * #BODY_ENVELOPE_OVERHEAD_BYTES} bytes for the envelope with a 64-character stream name; both are
 * generous. With the maximum limits (500 records, 4 MiB raw) a body stays under 5.6 MB, so that
 * check only guards smaller, future body caps.
 *
 * <p>Compression: with {@link Compression#isGzip() gzip}, each record is one gzip member of the
 * lines it holds (see {@link GzipMember}), and every limit above counts the compressed bytes. Each
 * line is compressed once; a record is closed when the next line might take it past {@link
 * #recordMaxBytes()}. A single line must then fit even if incompressible: {@link #maxLineBytes()}
 * is a little below the record limit.
 *
 * <p>Limits are configurable downward only. Order is kept everywhere: records hold lines in order,
 * groups hold records in order. Immutable and thread-safe (gzip packing holds a lock).
 */
public final class Packer {
  /** Firehose's per-record maximum, in raw bytes before base64: {@value}. */
  public static final int DEFAULT_RECORD_MAX_BYTES = FirehoseLimits.MAX_RECORD_BYTES;

  /** Firehose's per-request maximum of PutRecordBatch records: {@value}. */
  public static final int DEFAULT_BATCH_MAX_RECORDS = FirehoseLimits.MAX_BATCH_RECORDS;

  /** Firehose's per-request maximum of raw record bytes (4 MiB): {@value}. */
  public static final long DEFAULT_BATCH_MAX_BYTES = FirehoseLimits.MAX_BATCH_BYTES;

  /** API Gateway's request payload cap, in bytes: {@value}. */
  public static final long BODY_MAX_BYTES = FirehoseLimits.MAX_BODY_BYTES;

  /** Estimated body bytes per record besides its base64 data: {@value}. */
  public static final int BODY_RECORD_OVERHEAD_BYTES = 16;

  /** Estimated body bytes of the JSON envelope around the records: {@value}. */
  public static final int BODY_ENVELOPE_OVERHEAD_BYTES = 256;

  private final int recordMaxBytes;
  private final boolean aggregate;
  private final int batchMaxRecords;
  private final long batchMaxBytes;
  private final long bodyMaxBytes;
  private final Compression compression;
  private final int maxLineBytes;

  /** The reused gzip compressor, or {@code null} without compression; guarded by itself. */
  private final GzipMember member;

  /**
   * @param recordMaxBytes the most raw bytes per record, 1 to {@value #DEFAULT_RECORD_MAX_BYTES},
   *     and not more than {@code batchMaxBytes} (so that every record fits in a group)
   * @param aggregate whether to pack many lines per record
   * @param batchMaxRecords the most records per group, 1 to {@value #DEFAULT_BATCH_MAX_RECORDS}
   * @param batchMaxBytes the most raw bytes per group, 1 to {@value #DEFAULT_BATCH_MAX_BYTES}
   * @throws IllegalArgumentException naming the parameter and the bad value
   */
  public Packer(int recordMaxBytes, boolean aggregate, int batchMaxRecords, long batchMaxBytes) {
    this(recordMaxBytes, aggregate, batchMaxRecords, batchMaxBytes, Compression.NONE);
  }

  /**
   * As {@link #Packer(int, boolean, int, long)}, with records encoded by {@code compression}.
   *
   * @throws NullPointerException if {@code compression} is null
   */
  public Packer(
      int recordMaxBytes,
      boolean aggregate,
      int batchMaxRecords,
      long batchMaxBytes,
      Compression compression) {
    this(recordMaxBytes, aggregate, batchMaxRecords, batchMaxBytes, compression, BODY_MAX_BYTES);
  }

  /** As the public constructor, with a smaller body cap so tests can reach that limit. */
  Packer(
      int recordMaxBytes,
      boolean aggregate,
      int batchMaxRecords,
      long batchMaxBytes,
      long bodyMaxBytes) {
    this(recordMaxBytes, aggregate, batchMaxRecords, batchMaxBytes, Compression.NONE, bodyMaxBytes);
  }

  private Packer(
      int recordMaxBytes,
      boolean aggregate,
      int batchMaxRecords,
      long batchMaxBytes,
      Compression compression,
      long bodyMaxBytes) {
    Objects.requireNonNull(compression, "compression");
    check("recordMaxBytes", recordMaxBytes, DEFAULT_RECORD_MAX_BYTES);
    check("batchMaxRecords", batchMaxRecords, DEFAULT_BATCH_MAX_RECORDS);
    check("batchMaxBytes", batchMaxBytes, DEFAULT_BATCH_MAX_BYTES);
    if (recordMaxBytes > batchMaxBytes) {
      throw new IllegalArgumentException(
          "recordMaxBytes ("
              + recordMaxBytes
              + ") must not exceed batchMaxBytes ("
              + batchMaxBytes
              + "): a full record would fit in no batch; lower recordMaxBytes too");
    }
    long oneRecordBody =
        BODY_ENVELOPE_OVERHEAD_BYTES + base64Length(recordMaxBytes) + BODY_RECORD_OVERHEAD_BYTES;
    if (bodyMaxBytes < oneRecordBody || bodyMaxBytes > BODY_MAX_BYTES) {
      throw new IllegalArgumentException(
          "bodyMaxBytes must be between "
              + oneRecordBody
              + " (one full record) and "
              + BODY_MAX_BYTES
              + ", got "
              + bodyMaxBytes);
    }
    this.recordMaxBytes = recordMaxBytes;
    this.aggregate = aggregate;
    this.batchMaxRecords = batchMaxRecords;
    this.batchMaxBytes = batchMaxBytes;
    this.bodyMaxBytes = bodyMaxBytes;
    this.compression = compression;
    if (compression.isGzip()) {
      this.member = new GzipMember(compression.level());
      this.maxLineBytes = GzipMember.maxLineBytes(recordMaxBytes);
    } else {
      this.member = null;
      this.maxLineBytes = recordMaxBytes;
    }
  }

  private static void check(String name, long value, long max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + value);
    }
  }

  /** A packer with every limit at its maximum and aggregation on. */
  public static Packer defaults() {
    return new Packer(
        DEFAULT_RECORD_MAX_BYTES, true, DEFAULT_BATCH_MAX_RECORDS, DEFAULT_BATCH_MAX_BYTES);
  }

  /**
   * Packs lines into records, in order.
   *
   * @param lines encoded events, each non-empty (normally ending in {@code '\n'})
   * @return the records; concatenating their data (decompressed, with gzip) gives back exactly the
   *     lines; empty for no lines
   * @throws EventTooLargeException if a line is larger than {@link #maxLineBytes()} (nothing is
   *     packed then: drop or dead-letter that line and pack the rest)
   * @throws NullPointerException if {@code lines} or one of them is null
   * @throws IllegalArgumentException if a line is empty
   */
  public List<PackedRecord> pack(List<byte[]> lines) {
    Objects.requireNonNull(lines, "lines");
    if (member != null) {
      return packGzip(lines);
    }
    List<PackedRecord> records = new ArrayList<>();
    int first = 0;
    long bytes = 0;
    for (int i = 0; i < lines.size(); i++) {
      byte[] line = lines.get(i);
      if (line == null) {
        throw new NullPointerException("lines[" + i + "]");
      }
      if (line.length == 0) {
        throw new IllegalArgumentException("lines[" + i + "] is empty");
      }
      if (line.length > recordMaxBytes) {
        throw new EventTooLargeException(line.length, recordMaxBytes);
      }
      if (i > first && (!aggregate || bytes + line.length > recordMaxBytes)) {
        records.add(record(lines, first, i - first, bytes));
        first = i;
        bytes = 0;
      }
      bytes += line.length;
    }
    if (lines.size() > first) {
      records.add(record(lines, first, lines.size() - first, bytes));
    }
    return Collections.unmodifiableList(records);
  }

  private List<PackedRecord> packGzip(List<byte[]> lines) {
    for (int i = 0; i < lines.size(); i++) {
      checkLine(lines.get(i), i);
    }
    List<PackedRecord> records = new ArrayList<>();
    synchronized (member) {
      member.reset();
      int first = 0;
      for (int i = 0; i < lines.size(); i++) {
        byte[] line = lines.get(i);
        if (i > first && (!aggregate || !member.add(line, recordMaxBytes))) {
          records.add(finishGzip(first, i - first));
          first = i;
        }
        if (member.lines() == 0) {
          member.add(line, recordMaxBytes);
        }
      }
      if (lines.size() > first) {
        records.add(finishGzip(first, lines.size() - first));
      }
    }
    return Collections.unmodifiableList(records);
  }

  private PackedRecord finishGzip(int first, int count) {
    long raw = member.rawBytes();
    byte[] data = member.finish();
    if (data.length > recordMaxBytes) {
      // GzipMember's bound makes this impossible; refusing beats sending a record Firehose rejects.
      throw new IllegalStateException(
          "gzip record of "
              + count
              + " lines is "
              + data.length
              + " bytes, over recordMaxBytes "
              + recordMaxBytes);
    }
    return new PackedRecord(first, count, data, raw);
  }

  private void checkLine(byte[] line, int i) {
    if (line == null) {
      throw new NullPointerException("lines[" + i + "]");
    }
    if (line.length == 0) {
      throw new IllegalArgumentException("lines[" + i + "] is empty");
    }
    if (line.length > maxLineBytes) {
      throw new EventTooLargeException(line.length, maxLineBytes);
    }
  }

  private static PackedRecord record(List<byte[]> lines, int first, int count, long bytes) {
    if (count == 1) {
      return new PackedRecord(first, 1, lines.get(first));
    }
    byte[] data = new byte[(int) bytes];
    int at = 0;
    for (int i = first; i < first + count; i++) {
      byte[] line = lines.get(i);
      System.arraycopy(line, 0, data, at, line.length);
      at += line.length;
    }
    return new PackedRecord(first, count, data);
  }

  /**
   * Splits records into request groups for the batch route, in order, each within the record count,
   * raw byte and body limits.
   *
   * @return the groups, each non-empty; empty for no records
   * @throws NullPointerException if {@code records} or one of them is null
   * @throws IllegalArgumentException if a record is larger than {@link #recordMaxBytes()} (it did
   *     not come from {@link #pack})
   */
  public List<List<PackedRecord>> batches(List<PackedRecord> records) {
    Objects.requireNonNull(records, "records");
    List<List<PackedRecord>> groups = new ArrayList<>();
    List<PackedRecord> group = new ArrayList<>();
    long raw = 0;
    long body = BODY_ENVELOPE_OVERHEAD_BYTES;
    for (int i = 0; i < records.size(); i++) {
      PackedRecord r = records.get(i);
      if (r == null) {
        throw new NullPointerException("records[" + i + "]");
      }
      if (r.size() > recordMaxBytes) {
        throw new IllegalArgumentException(
            "records[" + i + "] is " + r.size() + " bytes, over recordMaxBytes " + recordMaxBytes);
      }
      long recordBody = base64Length(r.size()) + BODY_RECORD_OVERHEAD_BYTES;
      if (!group.isEmpty()
          && (group.size() == batchMaxRecords
              || raw + r.size() > batchMaxBytes
              || body + recordBody > bodyMaxBytes)) {
        groups.add(Collections.unmodifiableList(group));
        group = new ArrayList<>();
        raw = 0;
        body = BODY_ENVELOPE_OVERHEAD_BYTES;
      }
      group.add(r);
      raw += r.size();
      body += recordBody;
    }
    if (!group.isEmpty()) {
      groups.add(Collections.unmodifiableList(group));
    }
    return Collections.unmodifiableList(groups);
  }

  /**
   * The estimated body size of one batch request holding these records, as {@link #batches} counts
   * it.
   */
  public static long estimatedBatchBodyBytes(List<PackedRecord> group) {
    long body = BODY_ENVELOPE_OVERHEAD_BYTES;
    for (PackedRecord r : group) {
      body += base64Length(r.size()) + BODY_RECORD_OVERHEAD_BYTES;
    }
    return body;
  }

  /** The length of standard padded base64 of {@code rawBytes} bytes: {@code 4 * ceil(n / 3)}. */
  public static long base64Length(long rawBytes) {
    return 4 * ((rawBytes + 2) / 3);
  }

  /** The most bytes per record as sent (compressed, with gzip). */
  public int recordMaxBytes() {
    return recordMaxBytes;
  }

  /**
   * The largest line that always fits in a record: {@link #recordMaxBytes()} without compression;
   * with gzip, a little less, so that even an incompressible line fits once compressed.
   */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** How records are encoded. */
  public Compression compression() {
    return compression;
  }

  /**
   * How many raw bytes of events to take for a request whose records may hold {@code wireBytes}
   * bytes as sent: the same without compression; with gzip up to four times as many, capped at
   * {@link #DEFAULT_BATCH_MAX_BYTES}, so that compressed requests are not a fraction of their
   * limit. Records that do not fit in the request wait for the next one.
   */
  public long takeBytes(long wireBytes) {
    if (member == null) {
      return wireBytes;
    }
    return Math.max(wireBytes, Math.min(4 * wireBytes, DEFAULT_BATCH_MAX_BYTES));
  }

  /** Whether many lines are packed per record. */
  public boolean aggregate() {
    return aggregate;
  }

  /** The most records per batch group. */
  public int batchMaxRecords() {
    return batchMaxRecords;
  }

  /** The most raw bytes per batch group. */
  public long batchMaxBytes() {
    return batchMaxBytes;
  }

  @Override
  public String toString() {
    return "Packer{recordMaxBytes="
        + recordMaxBytes
        + ", aggregate="
        + aggregate
        + ", batchMaxRecords="
        + batchMaxRecords
        + ", batchMaxBytes="
        + batchMaxBytes
        + ", compression="
        + compression
        + '}';
  }
}
