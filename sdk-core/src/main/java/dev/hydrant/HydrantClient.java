package dev.hydrant;

import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import dev.hydrant.internal.codec.EventCodec;
import dev.hydrant.internal.codec.Packer;
import dev.hydrant.internal.pipeline.BothListeners;
import dev.hydrant.internal.pipeline.DeadLetterFile;
import dev.hydrant.internal.pipeline.HealthTracker;
import dev.hydrant.internal.pipeline.ListenerDispatch;
import dev.hydrant.internal.pipeline.MetricsRecorder;
import dev.hydrant.internal.pipeline.Sender;
import dev.hydrant.internal.pipeline.Sequences;
import dev.hydrant.internal.pipeline.SteadyClock;
import dev.hydrant.internal.pipeline.Wiring;
import dev.hydrant.internal.transport.HttpClientFactory;
import dev.hydrant.internal.transport.ProxyTransport;
import dev.hydrant.internal.transport.RecordDelivery;
import dev.hydrant.tls.NegotiatedTls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships telemetry events to Amazon Data Firehose through the TLS 1.2+ API Gateway proxy.
 *
 * <pre>{@code
 * HydrantClient client = HydrantClient.builder()
 *     .endpoint(System.getenv("HYDRANT_ENDPOINT")) // e.g. https://telemetry.example.com/fh
 *     .deliveryStream("stb-telemetry")
 *     .apiKey(System.getenv("HYDRANT_API_KEY"))
 *     .build();
 * DeviceContext device = DeviceContext.builder("stb-42").model("X1").build();
 * client.send(VideoQualityEvent.builder(device)
 *     .playbackState(PlaybackState.PLAYING)
 *     .bitrateKbps(4500)
 *     .build());
 * client.close(); // delivers what it can within closeTimeout
 * }</pre>
 *
 * <p>Threads: {@link #send} is safe from any number of threads and does no network I/O: it encodes
 * the event and appends it to the buffer. One daemon thread, {@code hydrant-sender}, does all
 * batching, retry decisions, acknowledging and listener callbacks; it waits without a timeout while
 * there is nothing to do. The HTTP requests themselves run on daemon threads {@code
 * hydrant-request-N}, at most {@code maxInFlight} of them, which exist only while requests are in
 * flight (each ends 100 ms after its last request). A disk spool adds {@code hydrant-spool-sync}.
 * While {@code build()} returns, a daemon thread {@code hydrant-init} builds the connection pool
 * (the first request waits for it), loads the JDK's CA list that the first TLS handshake reads, and
 * ends. No other thread is started (no timer, no idle-connection reaper).
 *
 * <p>Delivery is at least once: every event carries a unique {@code event_id} and a per-device
 * {@code seq}, so the downstream can drop duplicates and detect gaps. Every accepted event ends in
 * exactly one {@link DeliveryListener} callback ({@code onDelivered}, {@code onFailed} or {@code
 * onDropped}), except that a disk spool keeps what is still pending at {@link #close()} for the
 * next start. A {@code send} that throws leaves no trace: no callback, no count, no {@code seq}.
 *
 * <p>Every duration and size is checked against a documented range at the call; see {@link
 * HydrantClientBuilder} for the table.
 */
public final class HydrantClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HydrantClient.class);

  /** How long {@link #close(Duration)} may take beyond its timeout to stop the sender. */
  public static final long STOP_GRACE_MILLIS = 1_000;

  private final HydrantConfig config;
  private final Clock clock;
  private final EventCodec codec = new EventCodec();
  private final EventBuffer buffer;
  private final ProxyTransport transport;
  private final MetricsRecorder metrics;
  private final ListenerDispatch dispatch;
  private final Sequences sequences;
  private final Sender sender;

  /** The largest encoded event a record always holds: see {@link Packer#maxLineBytes()}. */
  private final int maxLineBytes;

  private final Thread senderThread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object closeLock = new Object();
  private volatile boolean closeDone;
  private volatile boolean cleanClose;

  /**
   * Starts a builder; see {@link HydrantClientBuilder} for every option and its default.
   *
   * @return this builder
   */
  public static HydrantClientBuilder builder() {
    return new HydrantClientBuilder();
  }

  HydrantClient(HydrantConfig config) {
    this(config, HttpClientFactory.APACHE);
  }

  /** A client whose HTTP client is made by {@code clients}: tests make it fail or wait. */
  HydrantClient(HydrantConfig config, HttpClientFactory clients) {
    this.config = config;
    this.clock = new SteadyClock(config.clock());
    this.metrics = new MetricsRecorder(clock, config.latencyWindow().toMillis());
    this.dispatch =
        new ListenerDispatch(withDeadLetters(config, config.listener(), clock), metrics, clock);
    EventBuffer.DropSink dropSink = dispatch::dropped;
    this.buffer = Wiring.openBuffer(config, dropSink);
    try {
      this.transport = new ProxyTransport(config, Wiring.requestAuth(config), clients);
    } catch (RuntimeException e) {
      closeQuietly(buffer);
      throw e;
    }
    this.sequences = new Sequences(buffer.lastSequences(), buffer.seqFloor());
    Packer packer =
        new Packer(
            config.recordMaxBytes(),
            config.aggregation(),
            config.batchMaxRecords(),
            config.batchMaxBytes(),
            config.compression());
    this.maxLineBytes = packer.maxLineBytes();
    HealthTracker health = Wiring.health(config, metrics, dispatch, buffer::pendingEvents, clock);
    RecordDelivery delivery =
        new RecordDelivery(
            transport,
            Wiring.retrySettings(config),
            Wiring.observer(metrics, dispatch, health),
            clock);
    this.sender =
        new Sender(
            buffer,
            packer,
            delivery,
            config.route(),
            config.linger().toMillis(),
            config.eventTtl().toMillis(),
            config.maxInFlight(),
            dispatch,
            clock);
    this.senderThread = new Thread(sender, "hydrant-sender");
    senderThread.setDaemon(true);
    senderThread.start();
  }

  private static DeliveryListener withDeadLetters(
      HydrantConfig config, DeliveryListener listener, Clock clock) {
    if (config.deadLetterDirectory().isEmpty()) {
      return listener;
    }
    Path dir = config.deadLetterDirectory().get();
    try {
      return new BothListeners(
          listener, new DeadLetterFile(dir, config.deadLetterMaxBytes(), clock));
    } catch (IOException e) {
      throw new HydrantException(
          "deadLetterDirectory "
              + dir
              + " cannot be used ("
              + e
              + "); choose a writable directory or leave dead letters off",
          e);
    }
  }

  /**
   * Accepts one event for delivery: assigns its per-device {@code seq}, encodes it and appends it
   * to the buffer. Never does network I/O.
   *
   * <p>With a disk spool in {@link SpoolDurability#EVERY_SEND} mode, a {@code true} return means
   * the event is on the storage device; in {@link SpoolDurability#GROUP_COMMIT} mode it is written
   * and reaches the device within the commit interval.
   *
   * <p>A send that throws leaves no trace: the event was not accepted and its {@code seq} goes to
   * the device's next accepted event, so the accepted events of a device never have a gap.
   *
   * @param event the event to deliver, not null
   * @return {@code true} if accepted and stored; {@code false} if the buffer was full and the
   *     policy is {@link BufferFullPolicy#dropNewest()}: the event was accepted (it has a {@code
   *     seq}) and dropped at once, counted in {@code accepted} and in {@code dropped} and reported
   *     with {@code onAccepted} then {@code onDropped}, like an evicted event
   * @throws NullPointerException if {@code event} is null
   * @throws ClientClosedException if {@link #close()} was called
   * @throws EventTooLargeException if the encoded event exceeds the record size limit ({@code
   *     recordMaxBytes}; with gzip {@link Compression}, that limit less gzip's worst-case overhead)
   * @throws BufferFullException if the buffer stayed full for the blocking policy's timeout, or the
   *     calling thread was interrupted while waiting
   * @throws SpoolStorageException if the disk spool could not store the event (disk full,
   *     read-only, vanished directory); the event was not accepted
   */
  public boolean send(TelemetryEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed.get()) {
      throw new ClientClosedException("client is closed; events can no longer be sent");
    }
    Throwable death = sender.death();
    if (death != null) {
      throw new HydrantException("the sender thread died; events can no longer be sent", death);
    }
    String deviceId = event.device().deviceId();
    long seq = sequences.next(deviceId);
    long now;
    byte[] line;
    boolean stored;
    try {
      line = codec.encode(event, seq);
      if (line.length > maxLineBytes) {
        throw new EventTooLargeException(line.length, maxLineBytes);
      }
      now = clock.millis();
      stored = buffer.append(deviceId, seq, now, line);
    } catch (Throwable refused) {
      // Not accepted: the number goes to this device's next accepted event.
      sequences.refund(deviceId, seq);
      throw refusal(refused);
    }
    if (stored) {
      dispatch.accepted(deviceId, seq);
    } else {
      dispatch.accepted(deviceId, seq);
      dispatch.dropped(
          DropReason.BUFFER_FULL_NEWEST,
          1,
          List.of(new BufferedEvent(-1, deviceId, seq, now, line)));
    }
    return stored;
  }

  /** What a send that failed after taking a {@code seq} throws. */
  private RuntimeException refusal(Throwable t) {
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new BufferFullException("interrupted while waiting for room in the buffer");
    }
    if (t instanceof IOException e) {
      return new SpoolStorageException(
          "could not store the event in the spool: " + e.getMessage(), e);
    }
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new HydrantException("could not accept the event", t);
  }

  /**
   * Sends everything accepted before this call without waiting for the linger time, and waits up to
   * {@code timeout} for those events to reach an end (delivered, failed or dropped). They are sent
   * without lingering even if the timeout passes first, {@code flush(Duration.ZERO)} included.
   *
   * @param timeout how long to wait, 0 to 24 h
   * @return {@code true} if they all did within the timeout; the listener has then been called for
   *     each of them
   * @throws IllegalArgumentException if {@code timeout} is not between 0 and 24 hours
   */
  public boolean flush(Duration timeout) {
    Ranges.duration(timeout, "timeout", Duration.ZERO, Ranges.LIFECYCLE_MAX);
    checkNotSenderThread("flush");
    long watermark = buffer.lastAppendedId();
    long deadline = System.nanoTime() + timeout.toNanos();
    sender.beginFlush(watermark);
    try {
      return awaitFinished(watermark, deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      sender.endFlush();
    }
  }

  /** Waits until every event stored up to {@code watermark} is finished. */
  private boolean awaitFinished(long watermark, long deadlineNanos) throws InterruptedException {
    long pause = 1;
    while (buffer.lowestPendingId() <= watermark) {
      if (!senderThread.isAlive()) {
        return false;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      // Polling keeps the hot path free of completion signalling; flush is rare.
      TimeUnit.MILLISECONDS.sleep(
          Math.min(pause, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
      pause = Math.min(pause * 2, 20);
    }
    return true;
  }

  private void checkNotSenderThread(String what) {
    if (Thread.currentThread() == senderThread) {
      throw new IllegalStateException(
          what + " must not be called from a DeliveryListener callback (the sender thread)");
    }
  }

  /** Closes with the configured {@code closeTimeout}. */
  @Override
  public void close() {
    close(config.closeTimeout());
  }

  /**
   * Stops accepting events, tries for up to {@code timeout} to deliver what is pending, then stops
   * the sender thread. With a memory buffer, what is still undelivered is reported to the listener
   * as {@link FailureReason#CLOSED}; a disk spool keeps it for the next start. Idempotent: later
   * calls return at once.
   *
   * <p>Bounded whatever the listener does: returns within {@code timeout} plus {@value
   * #STOP_GRACE_MILLIS} ms (to stop the sender and make the {@code CLOSED} callbacks, which run on
   * a thread of their own). A listener callback still running then is left to finish on its own
   * thread; events it was told about are counted when it returns, {@code CLOSED} ones at once.
   *
   * @param timeout how long to try to deliver, 0 to 24 h
   * @return {@code true} if the close left nothing behind: every accepted event reached its end
   *     (delivered, or failed for its own reason) and none was cut short by the timeout
   * @throws IllegalArgumentException if {@code timeout} is not between 0 and 24 hours; the client
   *     is then left as it was
   */
  public boolean close(Duration timeout) {
    Ranges.duration(timeout, "timeout", Duration.ZERO, Ranges.LIFECYCLE_MAX);
    checkNotSenderThread("close");
    if (!closed.compareAndSet(false, true)) {
      synchronized (closeLock) {
        return closeDone && cleanClose;
      }
    }
    synchronized (closeLock) {
      long deadline = System.nanoTime() + timeout.toNanos();
      long hardDeadline = deadline + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
      sender.drain();
      long cutShortBefore = closedCount();
      // After this no send can slip an event in behind the drain below.
      buffer.closeForAppends();
      try {
        joinUntil(deadline);
        if (senderThread.isAlive()) {
          sender.stop();
          transport.abortInFlight();
          senderThread.interrupt();
          joinUntil(hardDeadline);
          if (senderThread.isAlive()) {
            log.warn(
                "sender thread did not stop within {} ms after the close timeout (a"
                    + " DeliveryListener callback may be blocked); left running as a daemon",
                STOP_GRACE_MILLIS);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<BufferedEvent> left = buffer.drainVolatile();
      if (!left.isEmpty()) {
        dispatch.failedWithin(
            FailureReason.CLOSED,
            "client closed before delivery",
            left,
            hardDeadline - System.nanoTime());
        ackQuietly(left);
      }
      reportUnusedSequences();
      boolean clean = closedCount() == cutShortBefore && buffer.pendingEvents() == 0;
      cleanClose = clean;
      closeQuietly(transport);
      closeQuietly(buffer);
      closeDone = true;
      return clean;
    }
  }

  private void joinUntil(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.timedJoin(senderThread, left);
    }
  }

  /** Numbers of refused sends that no later send of their device took: gaps downstream will see. */
  private void reportUnusedSequences() {
    Map<String, List<Long>> unused = sequences.unused();
    if (!unused.isEmpty()) {
      log.warn(
          "seq numbers of refused sends were not reused before close (downstream sees gaps"
              + " there): {}",
          unused);
    }
  }

  private long closedCount() {
    return metrics.failedCount(FailureReason.CLOSED);
  }

  /** {@return a snapshot of the counters and queue gauges. Cheap; safe from any thread} */
  public HydrantMetrics metrics() {
    return metrics.snapshot(buffer);
  }

  /** {@return the configuration this client runs with} */
  public HydrantConfig config() {
    return config;
  }

  /**
   * {@return the protocol and cipher suite of the most recent TLS handshake, once there was one}
   */
  public Optional<NegotiatedTls> negotiatedTls() {
    return transport.negotiatedTls();
  }

  private void ackQuietly(List<BufferedEvent> events) {
    try {
      buffer.ack(events);
    } catch (IOException e) {
      log.warn("could not record {} closed events in {}: {}", events.size(), buffer, e.toString());
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("error while closing {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }

  @Override
  public String toString() {
    return "HydrantClient{" + config + "}";
  }
}
