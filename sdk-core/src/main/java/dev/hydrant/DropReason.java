package dev.hydrant;

/**
 * Why an event was dropped before Hydrant tried to deliver it.
 *
 * <p>For the reasons a disk spool reports on damage ({@link #CORRUPT}, {@link #SEGMENT_TRUNCATED},
 * {@link #SEGMENT_MISSING}) the count is in events and exact when the spool's files were written by
 * this version (each record carries an ordinal, so the size of a gap between intact records is
 * known); it is a lower bound (at least one per damaged region) for files written by Hydrant 0.1.0,
 * or when the ack state was lost as well. No event list accompanies them: the events are gone.
 */
public enum DropReason {
  /** The buffer was full and the policy was {@link BufferFullPolicy.Kind#DROP_NEWEST}. */
  BUFFER_FULL_NEWEST,
  /** The buffer was full and the policy was {@link BufferFullPolicy.Kind#DROP_OLDEST}. */
  BUFFER_FULL_OLDEST,
  /** The disk spool reached its byte cap and dropped its oldest segment. */
  SPOOL_CAP,
  /** The disk spool's maximum age passed. */
  SPOOL_AGE,
  /** Records in the disk spool were damaged (failed their checksum) and were skipped. */
  CORRUPT,
  /**
   * A disk spool segment file that was complete (not the last one, or records in it had been handed
   * out) is shorter than it was: the records past its end are lost.
   */
  SEGMENT_TRUNCATED,
  /** A disk spool segment file holding records not yet delivered is gone. */
  SEGMENT_MISSING
}
