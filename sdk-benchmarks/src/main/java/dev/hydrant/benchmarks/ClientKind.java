package dev.hydrant.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/** The clients the load benchmark compares, each run with the same producers and events. */
enum ClientKind {
  /** Hydrant, through the API Gateway proxy. */
  HYDRANT,
  /** One synchronous POST per event to the proxy's single-record route ({@link NaiveClient}). */
  NAIVE,
  /** The official AWS SDK's {@code putRecordBatch} on the Firehose API ({@link AwsSdkLoad}). */
  AWSSDK;

  /**
   * Where a client sends: the proxy endpoint (Hydrant, naive), the Firehose API endpoint (AWS SDK)
   * and the CA certificate both are served with.
   *
   * @param proxy the emulated API Gateway stage
   * @param firehose the emulated Firehose API
   * @param caPem the emulator's CA certificate, PEM
   */
  record Target(URI proxy, URI firehose, String caPem) {}

  /** The name on the command line and in the result tables: {@code awssdk}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind named {@code label}.
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  static ClientKind parse(String label) {
    for (ClientKind kind : values()) {
      if (kind.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "--clients takes hydrant, naive and awssdk, separated by commas: " + label);
  }

  /**
   * Runs this client's producers in this JVM.
   *
   * @param settings Hydrant's settings (the other clients ignore them)
   * @param latencyMillis the emulated latency; only the AWS SDK peer waits it itself, the proxy
   *     adds it for the others
   */
  HydrantLoad.ClientRun run(
      Target target,
      ClientSettings settings,
      int threads,
      Duration duration,
      long rate,
      long latencyMillis)
      throws Exception {
    switch (this) {
      case HYDRANT:
        return HydrantLoad.run(target.proxy(), target.caPem(), settings, threads, duration, rate);
      case NAIVE:
        return NaiveLoad.run(target.proxy(), target.caPem(), threads, duration, rate);
      case AWSSDK:
        return AwsSdkLoad.run(
            target.firehose(), target.caPem(), threads, duration, rate, latencyMillis);
      default:
        throw new IllegalStateException("unknown client " + this);
    }
  }
}
