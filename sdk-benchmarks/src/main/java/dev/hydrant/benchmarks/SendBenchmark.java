package dev.hydrant.benchmarks;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.HydrantClient;
import dev.hydrant.Route;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.internal.codec.EventCodec;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.Retention;
import dev.hydrant.tls.Trust;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The caller's cost of {@link HydrantClient#send}, per event type, next to the encoding floor: the
 * same event through {@link EventCodec#encode} and then {@link Base64} (what any client must do to
 * put the event into a Firehose JSON body), in the same run.
 *
 * <p>How send() is measured honestly: the client is a real one with a memory buffer, pointed at a
 * local emulator over TLS (unlimited quotas, counters only), so its sender thread really packs and
 * delivers while the benchmark thread sends - on a small device the sender shares the CPU in the
 * same way. The buffer is large (1,000,000 events, 256 MiB) and full-buffer policy is {@link
 * BufferFullPolicy#dropOldest()}, so send() never blocks on the network: when the producer outruns
 * the sender, the buffer evicts its oldest event, which is part of the measured cost. What is not
 * measured: building the event (the caller's work, the same with any client).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SendBenchmark {
  private static final int BUFFER_EVENTS = 1_000_000;
  private static final long BUFFER_BYTES = 256L * 1024 * 1024;

  /** The event type sent. */
  @Param({"VIDEO_QUALITY", "NETWORK_LATENCY", "UPTIME", "CUSTOM"})
  public SampleEvents type;

  private FirehoseEmulator emulator;
  private HydrantClient client;
  private EventCodec codec;
  private TelemetryEvent event;
  private long seq;

  /** Starts the emulator and the client, and builds the event once. */
  @Setup(Level.Trial)
  public void start() {
    emulator =
        FirehoseEmulator.builder()
            .quotas(FirehoseQuotas.UNLIMITED)
            .retention(Retention.COUNTERS)
            .build()
            .start();
    client =
        HydrantClient.builder()
            .endpoint(emulator.endpoint())
            .deliveryStream("stb-telemetry")
            .route(Route.BATCH)
            .trust(Trust.pem(emulator.caCertificatePem()))
            .bufferMaxEvents(BUFFER_EVENTS)
            .bufferMaxBytes(BUFFER_BYTES)
            .bufferFullPolicy(BufferFullPolicy.dropOldest())
            .build();
    codec = new EventCodec();
    event = type.create(SampleEvents.device("stb-bench-0001"));
  }

  /** Stops the client (without waiting for a backlog) and the emulator. */
  @TearDown(Level.Trial)
  public void stop() {
    client.close(Duration.ofSeconds(1));
    emulator.close();
  }

  /** One {@link HydrantClient#send} of a prepared event. */
  @Benchmark
  public boolean send() {
    return client.send(event);
  }

  /** The floor: encode the same event to its NDJSON line, then base64 it for the JSON body. */
  @Benchmark
  public byte[] encodingFloor() {
    byte[] line = codec.encode(event, seq++);
    return Base64.getEncoder().encode(line);
  }

  /** Encoding alone, without base64: the part of the floor that {@code send()} itself pays. */
  @Benchmark
  public byte[] encodeOnly() {
    return codec.encode(event, seq++);
  }
}
