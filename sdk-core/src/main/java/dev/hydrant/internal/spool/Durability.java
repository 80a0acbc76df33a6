package dev.hydrant.internal.spool;

/** When an appended event is forced to stable storage. */
public enum Durability {
  /**
   * A daemon thread fsyncs the active segment every {@link SpoolConfig#groupCommitInterval()}; many
   * appends share one fsync. {@code append} returns once the event is in the page cache, so a power
   * loss may lose up to one interval of events (a process kill loses nothing: the kernel still
   * holds the data), and a device's seq may then be reused for the lost interval. The fsync runs on
   * a daemon thread named {@code hydrant-spool-sync}.
   */
  GROUP_COMMIT,
  /**
   * {@code append} returns only after the event is on disk. Appenders that wait at the same time
   * share one fsync (one leader syncs for everyone written so far), so throughput grows with the
   * number of producer threads.
   */
  EVERY_APPEND
}
