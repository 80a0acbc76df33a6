package dev.hydrant.benchmarks;

/**
 * One load run: one client, one producer thread count, one emulator latency.
 *
 * @param client {@code "hydrant"} or {@code "naive"}
 * @param threads producer threads
 * @param latencyMillis latency the emulator added to each integration call
 * @param seconds from the first send until the last event was acknowledged
 * @param accepted events the client accepted ({@code send} returned true / POST attempted)
 * @param delivered events (NDJSON lines) the emulator accepted
 * @param requests HTTP requests sent
 * @param records Firehose records the emulator accepted
 * @param wireBytes HTTP request body bytes sent
 * @param recordBytes raw record bytes the emulator accepted (the actual bytes)
 * @param billedBytes the records' bytes, each rounded up to 5 KiB
 * @param p50Micros median accept-to-acknowledge latency
 * @param p99Micros 99th percentile accept-to-acknowledge latency
 * @param peakHeapBytes highest heap use sampled during the run (the client's JVM)
 * @param clientCpuNanos CPU time of the client's threads (producers, and Hydrant's own threads)
 * @param failures events failed, dropped or lost: 0 when delivered == accepted
 * @param loadAverage the machine's one-minute load average at the end of the run
 */
record RunResult(
    String client,
    int threads,
    long latencyMillis,
    double seconds,
    long accepted,
    long delivered,
    long requests,
    long records,
    long wireBytes,
    long recordBytes,
    long billedBytes,
    long p50Micros,
    long p99Micros,
    long peakHeapBytes,
    long clientCpuNanos,
    long failures,
    double loadAverage) {

  /** Events delivered per second. */
  double eventsPerSecond() {
    return seconds > 0 ? delivered / seconds : 0;
  }

  /** Client CPU time per delivered event, microseconds. */
  double cpuMicrosPerEvent() {
    return delivered > 0 ? clientCpuNanos / 1000.0 / delivered : 0;
  }

  /** Billed bytes per delivered event. */
  double billedPerEvent() {
    return delivered > 0 ? (double) billedBytes / delivered : 0;
  }

  /** Actual record bytes per delivered event. */
  double actualPerEvent() {
    return delivered > 0 ? (double) recordBytes / delivered : 0;
  }

  /** Billed bytes divided by actual bytes. */
  double billedOverActual() {
    return recordBytes > 0 ? (double) billedBytes / recordBytes : 0;
  }

  /** Whether every accepted event was delivered, none failed and none was dropped. */
  boolean lossFree() {
    return failures == 0 && delivered == accepted;
  }
}
