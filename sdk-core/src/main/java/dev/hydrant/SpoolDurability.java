package dev.hydrant;

/** When the disk spool forces accepted events to the storage device. */
public enum SpoolDurability {
  /**
   * {@code send} returns once the event is written to the spool file; a background commit forces
   * the file to the device every commit interval, so a power loss loses at most that interval. Many
   * events share one {@code fsync}: the fast default.
   */
  GROUP_COMMIT,
  /**
   * {@code send} returns only after the event is forced to the storage device: a power loss right
   * after {@code send} returns loses nothing. Concurrent senders still share one {@code fsync}.
   */
  EVERY_SEND
}
