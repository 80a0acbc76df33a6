package dev.hydrant.micrometer;

import dev.hydrant.DeliveryHealth;
import dev.hydrant.DropReason;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.LatencyDistribution;
import dev.hydrant.LatencyStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Registers a {@link HydrantClient}'s metrics with a Micrometer {@link MeterRegistry}: function
 * counters for the event and request counters, gauges for the queue and the delivery state, and for
 * each latency a function timer (count and total since start) with time gauges for the quantiles of
 * the recent window. Every meter reads {@link HydrantClient#metrics()} when the registry asks;
 * nothing is recorded on Hydrant's threads.
 *
 * <pre>{@code
 * new HydrantMeters(client).bindTo(registry);
 * }</pre>
 *
 * <p>The meters of one scrape share a snapshot (at most {@value #SNAPSHOT_MILLIS} ms old). They
 * refer to the client weakly, as Micrometer's function meters do: once the client is unreachable
 * they report NaN. The names, units and tags are listed in {@code docs/metrics.md}.
 */
public final class HydrantMeters implements MeterBinder {
  /** The quantiles published for each latency's recent window; 1 is the maximum. */
  static final double[] QUANTILES = {0.5, 0.9, 0.99, 1.0};

  /** How long one snapshot serves every meter of a scrape: {@value} ms. */
  public static final long SNAPSHOT_MILLIS = 1_000;

  private final Snapshots client;
  private final Tags tags;

  /**
   * Meters for {@code client}, without extra tags.
   *
   * @param client the client whose {@link HydrantClient#metrics()} the meters report; held weakly
   * @throws NullPointerException if {@code client} is null
   */
  public HydrantMeters(HydrantClient client) {
    this(client, Tags.empty());
  }

  /**
   * Meters for {@code client}, each with {@code tags} added (for example the app's client name).
   *
   * @param client the client whose {@link HydrantClient#metrics()} the meters report; held weakly
   * @param tags added to every meter
   * @throws NullPointerException if {@code client} or {@code tags} is null
   */
  public HydrantMeters(HydrantClient client, Iterable<Tag> tags) {
    this(client, tags, SNAPSHOT_MILLIS);
  }

  HydrantMeters(HydrantClient client, Iterable<Tag> tags, long snapshotMillis) {
    this.client = new Snapshots(Objects.requireNonNull(client, "client"), snapshotMillis);
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * One {@link HydrantClient#metrics()} snapshot shared by the meters read within {@code
   * snapshotMillis}: a scrape reads some 40 meters, and each snapshot copies the latency histograms
   * (about 60 KiB). Values are at most that old. Holds the client weakly, like Micrometer's
   * function meters.
   */
  static final class Snapshots {
    private final WeakReference<HydrantClient> client;
    private final long snapshotNanos;
    private HydrantMetrics last;
    private long takenAt;

    Snapshots(HydrantClient client, long snapshotMillis) {
      this.client = new WeakReference<>(client);
      this.snapshotNanos = TimeUnit.MILLISECONDS.toNanos(snapshotMillis);
    }

    /** A recent snapshot, or {@code null} once the client is gone (the meters report NaN). */
    synchronized HydrantMetrics metrics() {
      long now = System.nanoTime();
      if (last == null || now - takenAt >= snapshotNanos) {
        HydrantClient c = client.get();
        if (c == null) {
          return null;
        }
        last = c.metrics();
        takenAt = now;
      }
      return last;
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(
        registry,
        "hydrant.events.accepted",
        "events send accepted",
        null,
        Tags.empty(),
        HydrantMetrics::accepted);
    counter(
        registry,
        "hydrant.events.delivered",
        "events the proxy acknowledged",
        null,
        Tags.empty(),
        HydrantMetrics::delivered);
    for (FailureReason reason : FailureReason.values()) {
      counter(
          registry,
          "hydrant.events.failed",
          "events that will not be delivered",
          null,
          Tags.of("reason", name(reason)),
          m -> m.failedByReason().getOrDefault(reason, 0L));
    }
    for (DropReason reason : DropReason.values()) {
      counter(
          registry,
          "hydrant.events.dropped",
          "events dropped before delivery",
          null,
          Tags.of("reason", name(reason)),
          m -> m.droppedByReason().getOrDefault(reason, 0L));
    }
    counter(
        registry,
        "hydrant.requests",
        "HTTP requests sent, retries included",
        null,
        Tags.empty(),
        HydrantMetrics::requests);
    counter(
        registry,
        "hydrant.retries",
        "requests sent again after a retryable failure",
        null,
        Tags.empty(),
        HydrantMetrics::retries);
    counter(
        registry,
        "hydrant.records.sent",
        "Firehose records sent, retries included",
        null,
        Tags.empty(),
        HydrantMetrics::records);
    counter(
        registry,
        "hydrant.bytes.sent",
        "request body bytes sent, retries included",
        BaseUnits.BYTES,
        Tags.empty(),
        HydrantMetrics::bytesSent);
    counter(
        registry,
        "hydrant.listener.errors",
        "DeliveryListener callbacks that threw",
        null,
        Tags.empty(),
        HydrantMetrics::listenerErrors);

    gauge(
        registry,
        "hydrant.queue.events",
        "events accepted and not yet finished",
        null,
        Tags.empty(),
        m -> m.queueEvents());
    gauge(
        registry,
        "hydrant.queue.bytes",
        "encoded bytes of those events",
        BaseUnits.BYTES,
        Tags.empty(),
        m -> m.queueBytes());
    TimeGauge.builder(
            "hydrant.queue.oldest.age",
            client,
            TimeUnit.MILLISECONDS,
            read(m -> m.oldestEventAge().toMillis()))
        .description("how long the oldest unfinished event has waited")
        .tags(tags)
        .register(registry);
    for (DeliveryHealth.State state : DeliveryHealth.State.values()) {
      gauge(
          registry,
          "hydrant.delivery.state",
          "1 for the current delivery state, else 0",
          null,
          Tags.of("state", name(state)),
          m -> m.health().state() == state ? 1 : 0);
    }

    latency(
        registry,
        "hydrant.delivery.latency",
        "from send accepting an event to the proxy acknowledging it",
        HydrantMetrics::deliveryLatency);
    latency(
        registry,
        "hydrant.request.latency",
        "from sending an HTTP request to its answer",
        HydrantMetrics::requestLatency);
  }

  /** A counter; {@code unit} only for bytes, so that names stay {@code hydrant_requests_total}. */
  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      String unit,
      Tags extra,
      ToDoubleFunction<HydrantMetrics> value) {
    FunctionCounter.builder(name, client, read(value))
        .description(description)
        .baseUnit(unit)
        .tags(tags.and(extra))
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      String unit,
      Tags extra,
      ToDoubleFunction<HydrantMetrics> value) {
    Gauge.builder(name, client, read(value))
        .description(description)
        .baseUnit(unit)
        .tags(tags.and(extra))
        .register(registry);
  }

  private void latency(
      MeterRegistry registry,
      String name,
      String description,
      Function<HydrantMetrics, LatencyStats> stats) {
    FunctionTimer.builder(
            name,
            client,
            ignored -> {
              HydrantMetrics m = client.metrics();
              return m == null ? 0 : stats.apply(m).sinceStart().count();
            },
            read(m -> nanos(stats.apply(m).sinceStart().total())),
            TimeUnit.NANOSECONDS)
        .description(description + ", since the client started")
        .tags(tags)
        .register(registry);
    for (double q : QUANTILES) {
      TimeGauge.builder(
              name + ".recent",
              client,
              TimeUnit.NANOSECONDS,
              read(m -> nanos(quantile(stats.apply(m).recent(), q))))
          .description(description + ", recent window (one to two latencyWindow steps)")
          .tags(tags.and("quantile", q == 1.0 ? "1" : Double.toString(q)))
          .register(registry);
    }
  }

  /**
   * The meter function. It reads the snapshots it captures rather than its argument, so that the
   * meter holds them strongly (Micrometer holds the argument weakly) while they hold the client
   * weakly.
   */
  private ToDoubleFunction<Snapshots> read(ToDoubleFunction<HydrantMetrics> value) {
    Snapshots snapshots = client;
    return ignored -> {
      HydrantMetrics m = snapshots.metrics();
      return m == null ? Double.NaN : value.applyAsDouble(m);
    };
  }

  static Duration quantile(LatencyDistribution d, double q) {
    return q >= 1.0 ? d.max() : d.percentile(q * 100);
  }

  private static double nanos(Duration d) {
    return d.getSeconds() * 1e9 + d.getNano();
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
