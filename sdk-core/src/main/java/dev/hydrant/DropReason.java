package dev.hydrant;

/** Why an event was dropped before Hydrant tried to deliver it. */
public enum DropReason {
  /** The buffer was full and the policy was {@link BufferFullPolicy.Kind#DROP_NEWEST}. */
  BUFFER_FULL_NEWEST,
  /** The buffer was full and the policy was {@link BufferFullPolicy.Kind#DROP_OLDEST}. */
  BUFFER_FULL_OLDEST,
  /** The disk spool reached its byte cap and dropped its oldest segment. */
  SPOOL_CAP,
  /** The disk spool's maximum age passed. */
  SPOOL_AGE,
  /** A record in the disk spool failed its checksum and was skipped on recovery. */
  CORRUPT
}
