package dev.hydrant.opentelemetry;

import dev.hydrant.DeliveryHealth;
import dev.hydrant.DropReason;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.LatencyDistribution;
import dev.hydrant.LatencyStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Publishes a {@link HydrantClient}'s metrics through the OpenTelemetry metrics API, as
 * asynchronous instruments read in one batch callback: one {@link HydrantClient#metrics()} snapshot
 * per collection, nothing recorded on Hydrant's threads. Names follow OpenTelemetry's naming
 * conventions: a {@code hydrant.} namespace, units in the unit field (UCUM: {@code s}, {@code By},
 * {@code {event}}), no {@code total} suffix, {@code error.type} for the failure reason. The table
 * is in {@code docs/metrics.md}.
 *
 * <pre>{@code
 * HydrantInstruments instruments = HydrantInstruments.register(client, openTelemetry.getMeterProvider());
 * ...
 * instruments.close(); // before closing the client, or whenever the metrics should stop
 * }</pre>
 */
public final class HydrantInstruments implements AutoCloseable {
  /** The instrumentation scope name: {@value}. */
  public static final String SCOPE = "dev.hydrant";

  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> STATE = AttributeKey.stringKey("hydrant.delivery.state");
  static final AttributeKey<String> WINDOW = AttributeKey.stringKey("hydrant.window");
  static final AttributeKey<String> QUANTILE = AttributeKey.stringKey("hydrant.quantile");
  private static final double[] QUANTILES = {0.5, 0.9, 0.99, 1.0};

  private final BatchCallback callback;

  private HydrantInstruments(BatchCallback callback) {
    this.callback = callback;
  }

  /**
   * Registers the instruments for {@code client} with a meter of scope {@value #SCOPE} from {@code
   * provider}. They report until {@link #close()}.
   *
   * @param client the client whose {@link HydrantClient#metrics()} the instruments report
   * @param provider the meter provider to register with
   * @return the registration; {@link #close()} removes the instruments
   * @throws NullPointerException if {@code client} or {@code provider} is null
   */
  public static HydrantInstruments register(HydrantClient client, MeterProvider provider) {
    Objects.requireNonNull(client, "client");
    Meter meter = Objects.requireNonNull(provider, "provider").get(SCOPE);
    ObservableLongMeasurement accepted =
        counter(meter, "hydrant.events.accepted", "{event}", "Events send accepted.");
    ObservableLongMeasurement delivered =
        counter(meter, "hydrant.events.delivered", "{event}", "Events the proxy acknowledged.");
    ObservableLongMeasurement failed =
        counter(
            meter,
            "hydrant.events.failed",
            "{event}",
            "Events that will not be delivered, by error.type (the failure reason).");
    ObservableLongMeasurement dropped =
        counter(
            meter,
            "hydrant.events.dropped",
            "{event}",
            "Events dropped before delivery, by error.type (the drop reason).");
    ObservableLongMeasurement requests =
        counter(meter, "hydrant.requests", "{request}", "HTTP requests sent, retries included.");
    ObservableLongMeasurement retries =
        counter(
            meter,
            "hydrant.retries",
            "{request}",
            "Requests sent again after a retryable failure.");
    ObservableLongMeasurement records =
        counter(
            meter, "hydrant.records.sent", "{record}", "Firehose records sent, retries included.");
    ObservableLongMeasurement bytes =
        counter(meter, "hydrant.bytes.sent", "By", "Request body bytes sent, retries included.");
    ObservableLongMeasurement listenerErrors =
        counter(
            meter, "hydrant.listener.errors", "{error}", "DeliveryListener callbacks that threw.");
    ObservableLongMeasurement queueSize =
        meter
            .upDownCounterBuilder("hydrant.queue.size")
            .setUnit("{event}")
            .setDescription("Events accepted and not yet finished.")
            .buildObserver();
    ObservableLongMeasurement queueUsage =
        meter
            .upDownCounterBuilder("hydrant.queue.usage")
            .setUnit("By")
            .setDescription("Encoded bytes of the events accepted and not yet finished.")
            .buildObserver();
    ObservableDoubleMeasurement oldestAge =
        meter
            .gaugeBuilder("hydrant.queue.oldest_age")
            .setUnit("s")
            .setDescription("How long the oldest unfinished event has waited.")
            .buildObserver();
    ObservableLongMeasurement state =
        meter
            .gaugeBuilder("hydrant.delivery.state")
            .ofLongs()
            .setUnit("1")
            .setDescription("1 for the current delivery state (hydrant.delivery.state), else 0.")
            .buildObserver();
    ObservableDoubleMeasurement deliveryDuration =
        meter
            .gaugeBuilder("hydrant.delivery.duration")
            .setUnit("s")
            .setDescription(
                "From send accepting an event to the proxy acknowledging it, by"
                    + " hydrant.window and hydrant.quantile (1 = max).")
            .buildObserver();
    ObservableDoubleMeasurement requestDuration =
        meter
            .gaugeBuilder("hydrant.request.duration")
            .setUnit("s")
            .setDescription(
                "From sending an HTTP request to its answer, by hydrant.window and"
                    + " hydrant.quantile (1 = max).")
            .buildObserver();

    BatchCallback callback =
        meter.batchCallback(
            () -> {
              HydrantMetrics m = client.metrics();
              accepted.record(m.accepted());
              delivered.record(m.delivered());
              for (FailureReason r : FailureReason.values()) {
                failed.record(
                    m.failedByReason().getOrDefault(r, 0L), Attributes.of(ERROR_TYPE, name(r)));
              }
              for (DropReason r : DropReason.values()) {
                dropped.record(
                    m.droppedByReason().getOrDefault(r, 0L), Attributes.of(ERROR_TYPE, name(r)));
              }
              requests.record(m.requests());
              retries.record(m.retries());
              records.record(m.records());
              bytes.record(m.bytesSent());
              listenerErrors.record(m.listenerErrors());
              queueSize.record(m.queueEvents());
              queueUsage.record(m.queueBytes());
              oldestAge.record(seconds(m.oldestEventAge()));
              for (DeliveryHealth.State s : DeliveryHealth.State.values()) {
                state.record(m.health().state() == s ? 1 : 0, Attributes.of(STATE, name(s)));
              }
              durations(deliveryDuration, m.deliveryLatency());
              durations(requestDuration, m.requestLatency());
            },
            accepted,
            delivered,
            failed,
            dropped,
            requests,
            retries,
            records,
            bytes,
            listenerErrors,
            queueSize,
            queueUsage,
            oldestAge,
            state,
            deliveryDuration,
            requestDuration);
    return new HydrantInstruments(callback);
  }

  private static ObservableLongMeasurement counter(
      Meter meter, String name, String unit, String description) {
    return meter.counterBuilder(name).setUnit(unit).setDescription(description).buildObserver();
  }

  private static void durations(ObservableDoubleMeasurement m, LatencyStats stats) {
    window(m, "since_start", stats.sinceStart());
    window(m, "recent", stats.recent());
  }

  private static void window(ObservableDoubleMeasurement m, String window, LatencyDistribution d) {
    for (double q : QUANTILES) {
      Duration v = q >= 1.0 ? d.max() : d.percentile(q * 100);
      m.record(
          seconds(v), Attributes.of(WINDOW, window, QUANTILE, q >= 1.0 ? "1" : Double.toString(q)));
    }
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** Stops reporting: the callback is removed from the meter. */
  @Override
  public void close() {
    callback.close();
  }
}
