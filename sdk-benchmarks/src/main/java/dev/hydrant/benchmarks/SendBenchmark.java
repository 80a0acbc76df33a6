package dev.hydrant.benchmarks;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.HydrantClient;
import dev.hydrant.Route;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.internal.codec.EventCodec;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.Latency;
import dev.hydrant.testkit.Retention;
import dev.hydrant.tls.Trust;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The caller's cost of {@link HydrantClient#send}, per event type, next to the encoding floor: the
 * same event through {@link EventCodec#encode} and then {@link Base64} (what any client must do to
 * put the event into a Firehose JSON body), measured the same way in the same run.
 *
 * <p>How send() is measured: each iteration is one burst of {@value #BURST} sends into a fresh
 * client with a memory buffer large enough that it never fills, so send() is always the accept path
 * (encode, sequence number, buffer append) - never the blocking or evicting one. The client points
 * at a local emulator over TLS whose every call takes {@value #PARKED_SECONDS} s; before the burst
 * (outside the measurement) the sender is given its first batch and left waiting on the answer, so
 * during the burst it neither competes for the CPU nor drains the buffer. (With the sender
 * delivering flat out on a 2-core machine, the numbers would mostly measure the scheduler and the
 * emulator's CPU use; the end-to-end load benchmark covers that case.) A burst's events stay live
 * until the iteration ends, so the cost of buffering them in memory (young-generation copying) is
 * included, as it would be on a device.
 *
 * <p>Building the event is not measured: it is the caller's work, the same with any client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class SendBenchmark {
  /** Events per measured burst (one JMH invocation). */
  static final int BURST = 50_000;

  /** How long the emulator holds each call, so that the sender stays parked. */
  static final int PARKED_SECONDS = 10;

  /** Events sent before a burst, enough to fill every request slot with a parked call. */
  static final int PRIME_EVENTS = 20_000;

  /** Time allowed for the sender to write its requests before a burst starts. */
  static final long SETTLE_MILLIS = 1_000;

  /** The event type sent. */
  @Param({"VIDEO_QUALITY", "NETWORK_LATENCY", "UPTIME", "CUSTOM"})
  public SampleEvents type;

  private TelemetryEvent event;
  private EventCodec codec;
  private long seq;

  /** Builds the event once. */
  @Setup(Level.Trial)
  public void prepare() {
    event = type.create(SampleEvents.device("stb-bench-0001"));
    codec = new EventCodec();
  }

  /** A real client in front of a parked emulator; fresh for every burst. */
  @State(Scope.Benchmark)
  public static class Pipeline {
    private FirehoseEmulator emulator;
    private HydrantClient client;
    private long callerBytes;
    private long callerSends;

    /** Starts the emulator, with every call held for {@value SendBenchmark#PARKED_SECONDS} s. */
    @Setup(Level.Trial)
    public void startEmulator() {
      emulator =
          FirehoseEmulator.builder()
              .quotas(FirehoseQuotas.UNLIMITED)
              .retention(Retention.COUNTERS)
              .faults(
                  Faults.builder()
                      .latency(Latency.fixed(Duration.ofSeconds(PARKED_SECONDS)))
                      .build())
              .build()
              .start();
    }

    /**
     * A new client whose buffer holds a whole burst, with its sender already parked: enough events
     * are sent to fill every request slot, then we wait until the requests are written and the
     * sender sits waiting for an answer.
     */
    @Setup(Level.Iteration)
    public void startClient(SendBenchmark benchmark) {
      client =
          HydrantClient.builder()
              .endpoint(emulator.endpoint())
              .deliveryStream("stb-telemetry")
              .route(Route.BATCH)
              .trust(Trust.pem(emulator.caCertificatePem()))
              .bufferMaxEvents(4 * BURST)
              .bufferMaxBytes(256L * 1024 * 1024)
              .bufferFullPolicy(BufferFullPolicy.dropOldest())
              .build();
      // More than maxInFlight full batches: every request slot is taken by a parked call, so the
      // sender waits for an answer and takes nothing from the buffer during the burst. (Counting
      // is no use here: queueEvents includes the events in flight.)
      for (int i = 0; i < PRIME_EVENTS; i++) {
        client.send(benchmark.event);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
    }

    /** Closes the client without waiting for delivery (its in-flight call is abandoned). */
    @TearDown(Level.Iteration)
    public void stopClient() {
      client.close(Duration.ofMillis(50));
    }

    /** Stops the emulator and prints the caller thread's allocation per send. */
    @TearDown(Level.Trial)
    public void stopEmulator() {
      emulator.close();
      if (callerSends > 0 && callerBytes >= 0) {
        System.out.printf(
            Locale.ROOT,
            "%ncaller-thread allocation: %.1f B/send over %,d sends (warm-up included)%n",
            (double) callerBytes / callerSends,
            callerSends);
      }
    }
  }

  /**
   * {@value #BURST} calls of {@link HydrantClient#send} with a prepared event. Also counts the
   * bytes the calling thread allocates, printed at the end of the trial: {@code -prof gc} counts
   * every thread, including the per-iteration setup's (the sender packing and the emulator parsing
   * the priming batch), so its figure for send() overstates what a caller allocates.
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public void send(Pipeline pipeline, Blackhole bh) {
    HydrantClient client = pipeline.client;
    long before = CallerAllocation.bytes();
    for (int i = 0; i < BURST; i++) {
      bh.consume(client.send(event));
    }
    pipeline.callerBytes += CallerAllocation.bytes() - before;
    pipeline.callerSends += BURST;
  }

  /** The floor, {@value #BURST} times: encode the event, then base64 it for the JSON body. */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public void encodingFloor(Blackhole bh) {
    Base64.Encoder base64 = Base64.getEncoder();
    for (int i = 0; i < BURST; i++) {
      bh.consume(base64.encode(codec.encode(event, seq++)));
    }
  }

  /** Encoding alone, {@value #BURST} times: the part of the floor that send() itself pays. */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public void encodeOnly(Blackhole bh) {
    for (int i = 0; i < BURST; i++) {
      bh.consume(codec.encode(event, seq++));
    }
  }
}
