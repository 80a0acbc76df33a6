package dev.hydrant.testkit;

/**
 * What the emulator keeps in memory about delivered records. Counters are always kept; a {@link
 * RecordListener} sees every record whatever the retention.
 */
public enum Retention {
  /** Keep every record's bytes and every S3 object's content (tests; the default). */
  ALL,
  /**
   * Keep only the multiset of {@code event_id} values found in the delivered NDJSON lines (load
   * benchmarks: memory grows with distinct events, not with bytes).
   */
  EVENT_IDS,
  /** Keep counters only. */
  COUNTERS
}
