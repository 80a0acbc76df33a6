package dev.hydrant.benchmarks;

import dev.hydrant.internal.codec.EventCodec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * The AWS SDK peer: what a Java team would write instead of Hydrant. Each producer thread gathers
 * its events, one event (Hydrant's NDJSON line, so the records are byte for byte what the naive
 * client sends) per record, and calls the official SDK v2 {@link FirehoseClient#putRecordBatch}
 * synchronously with {@value #BATCH_RECORDS} records, then with what is left when it stops. Records
 * the answer reports failed are sent again, up to {@value #MAX_ROUNDS} rounds.
 *
 * <p>The client talks to the emulator's Firehose API endpoint (JSON 1.1, the SDK's own protocol and
 * SigV4 signing with fake static credentials, which the emulator does not check) through the SDK's
 * Apache client with one pooled connection per thread, trusting the emulator's CA. That endpoint
 * adds no latency of its own, so the emulated latency is waited in an {@link ExecutionInterceptor}
 * just before each request goes out: a synchronous caller's thread spends it waiting either way,
 * and it costs no CPU, as the emulator's integration latency does for Hydrant. Latency percentiles
 * run from an event's creation to the answer to the call that carried it.
 */
final class AwsSdkLoad {
  /** Records per {@code putRecordBatch}, the API's maximum. */
  static final int BATCH_RECORDS = 500;

  /** Calls per batch at most: the first and the resends of failed records. */
  static final int MAX_ROUNDS = 10;

  private static final String STREAM = "stb-telemetry";

  private AwsSdkLoad() {}

  /** Per-thread events gathered for the next call. */
  private static final class Pending {
    final List<Record> records = new ArrayList<>(BATCH_RECORDS);
    final long[] createdNanos = new long[BATCH_RECORDS];
  }

  /** Counts request bodies and waits the emulated latency before each request goes out. */
  private static final class Wire implements ExecutionInterceptor {
    final LongAdder requests = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final long latencyMillis;

    Wire(long latencyMillis) {
      this.latencyMillis = latencyMillis;
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      requests.increment();
      bytes.add(context.requestBody().flatMap(RequestBody::optionalContentLength).orElse(0L));
      if (latencyMillis > 0) {
        try {
          Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * Runs the producers against the Firehose API at {@code endpoint}, trusting {@code caPem}.
   *
   * @param latencyMillis latency waited before each request
   */
  static HydrantLoad.ClientRun run(
      URI endpoint, String caPem, int threads, Duration duration, long rate, long latencyMillis)
      throws Exception {
    Wire wire = new Wire(latencyMillis);
    LatencyHistogram latency = new LatencyHistogram();
    EventCodec codec = new EventCodec();
    AtomicLong seq = new AtomicLong();
    LongAdder delivered = new LongAdder();
    LongAdder lost = new LongAdder();
    ThreadLocal<Pending> pending = ThreadLocal.withInitial(Pending::new);
    try (HeapSampler heap = new HeapSampler();
        FirehoseClient client = client(endpoint, Pem.trustManagers(caPem), threads, wire)) {
      long start = System.nanoTime();
      Producers.Outcome produced =
          Producers.run(
              threads,
              duration,
              rate,
              new Producers.Sink() {
                @Override
                public boolean accept(dev.hydrant.event.TelemetryEvent event) {
                  Pending p = pending.get();
                  p.createdNanos[p.records.size()] = System.nanoTime();
                  byte[] line = codec.encode(event, seq.getAndIncrement());
                  p.records.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(line)).build());
                  if (p.records.size() == BATCH_RECORDS) {
                    send(client, p, latency, delivered, lost);
                  }
                  return true;
                }

                @Override
                public void finish() {
                  Pending p = pending.get();
                  if (!p.records.isEmpty()) {
                    send(client, p, latency, delivered, lost);
                  }
                }
              });
      double seconds = (System.nanoTime() - start) / 1e9;
      return new HydrantLoad.ClientRun(
          produced.accepted(),
          seconds,
          true,
          delivered.sum(),
          lost.sum(),
          wire.requests.sum(),
          wire.bytes.sum(),
          latency.percentile(50),
          latency.percentile(99),
          heap.peak(),
          produced.cpuNanos());
    }
  }

  /** Sends the pending records, resending failed ones, and clears them. */
  private static void send(
      FirehoseClient client,
      Pending p,
      LatencyHistogram latency,
      LongAdder delivered,
      LongAdder lost) {
    int total = p.records.size();
    List<Record> toSend = p.records;
    for (int round = 0; round < MAX_ROUNDS && !toSend.isEmpty(); round++) {
      List<Record> batch = toSend;
      PutRecordBatchResponse response;
      try {
        response = client.putRecordBatch(b -> b.deliveryStreamName(STREAM).records(batch));
      } catch (RuntimeException e) {
        if (round == MAX_ROUNDS - 1) {
          System.err.println("putRecordBatch failed " + MAX_ROUNDS + " times, last: " + e);
        }
        continue;
      }
      if (response.failedPutCount() == null || response.failedPutCount() == 0) {
        toSend = List.of();
        break;
      }
      List<Record> failed = new ArrayList<>();
      List<PutRecordBatchResponseEntry> entries = response.requestResponses();
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).errorCode() != null) {
          failed.add(batch.get(i));
        }
      }
      toSend = failed;
    }
    long now = System.nanoTime();
    for (int i = 0; i < total; i++) {
      latency.record((now - p.createdNanos[i]) / 1000);
    }
    lost.add(toSend.size());
    delivered.add(total - toSend.size());
    p.records.clear();
  }

  // ApacheHttpClient is deprecated in AWS SDK 2.57 in favour of the httpclient5-based client; it is
  // still the SDK's default synchronous client, the one a team gets without choosing.
  @SuppressWarnings("deprecation")
  private static FirehoseClient client(
      URI endpoint, TrustManager[] trust, int connections, Wire wire) {
    return FirehoseClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDBENCHMARK", "benchmark-secret")))
        .httpClientBuilder(
            ApacheHttpClient.builder()
                .tlsTrustManagersProvider(() -> trust)
                .maxConnections(connections))
        .overrideConfiguration(c -> c.addExecutionInterceptor(wire))
        .build();
  }
}
