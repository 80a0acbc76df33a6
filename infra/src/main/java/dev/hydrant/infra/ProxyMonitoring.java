package dev.hydrant.infra;

import static java.util.Objects.requireNonNull;

import dev.hydrant.infra.config.MonitoringSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * CloudWatch alarms and a dashboard for the proxy: API 5XX and 4XX rates and p99 latency, Firehose
 * throttled records, data freshness and S3 delivery success, and traffic near the stage throttle or
 * a Firehose per-stream limit (Firehose publishes its current limits as metrics). Alarms notify an
 * optional SNS topic (encrypted with the AWS managed key, TLS only).
 *
 * <p>Every alarm evaluates 5-minute periods. Rate alarms treat missing data as not breaching (no
 * traffic is not an error); delivery alarms treat it as missing, so a stream that stops delivering
 * shows INSUFFICIENT_DATA rather than OK.
 */
public final class ProxyMonitoring extends Construct {

  /** Evaluation period of every alarm. */
  public static final Duration PERIOD = Duration.minutes(5);

  private final List<Alarm> alarms = new ArrayList<>();
  private final Topic topic;

  /**
   * Defines the alarms, the dashboard and the optional topic.
   *
   * @param scope parent construct
   * @param id construct id
   * @param names where the metrics come from and how to name alarms
   * @param settings thresholds and topic
   */
  public ProxyMonitoring(
      Construct scope, String id, MonitoredNames names, MonitoringSettings settings) {
    super(scope, id);
    requireNonNull(names, "names");
    requireNonNull(settings, "settings");
    String prefix = names.apiName() + "-";

    Map<String, String> stage = Map.of("ApiName", names.apiName(), "Stage", names.stageName());
    Metric count = metric("AWS/ApiGateway", "Count", stage, "Sum");
    Metric serverErrors = metric("AWS/ApiGateway", "5XXError", stage, "Average");
    Metric clientErrors = metric("AWS/ApiGateway", "4XXError", stage, "Average");
    Metric latency = metric("AWS/ApiGateway", "Latency", stage, "p99");
    Map<String, String> stream = Map.of("DeliveryStreamName", names.streamName());
    Metric throttled = metric("AWS/Firehose", "ThrottledRecords", stream, "Sum");
    Metric freshness = metric("AWS/Firehose", "DeliveryToS3.DataFreshness", stream, "Maximum");
    Metric success = metric("AWS/Firehose", "DeliveryToS3.Success", stream, "Average");

    alarm(
        prefix + "api-5xx",
        "More than " + settings.serverErrorPercent() + "% of requests failed with 5XX",
        percent(serverErrors),
        settings.serverErrorPercent(),
        TreatMissingData.NOT_BREACHING);
    alarm(
        prefix + "api-4xx",
        "More than "
            + settings.clientErrorPercent()
            + "% of requests were refused with 4XX (bad key, bad body, throttled)",
        percent(clientErrors),
        settings.clientErrorPercent(),
        TreatMissingData.NOT_BREACHING);
    alarm(
        prefix + "api-latency-p99",
        "p99 latency above " + settings.latencyMillis() + " ms",
        latency,
        settings.latencyMillis(),
        TreatMissingData.NOT_BREACHING);
    alarm(
        prefix + "firehose-throttled",
        "Firehose throttled records: a per-stream limit was reached",
        throttled,
        0,
        TreatMissingData.NOT_BREACHING);
    alarm(
        prefix + "data-freshness",
        "The oldest undelivered record is older than " + settings.freshnessSeconds() + " s",
        freshness,
        settings.freshnessSeconds(),
        TreatMissingData.MISSING);
    Alarm delivery =
        Alarm.Builder.create(this, "DeliverySuccessAlarm")
            .alarmName(prefix + "s3-delivery-failing")
            .alarmDescription("Firehose could not deliver every batch to S3 (see the error log)")
            .metric(success)
            .threshold(1)
            .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.MISSING)
            .build();
    alarms.add(delivery);

    alarm(
        prefix + "stage-throttle-near",
        "Requests above " + settings.quotaPercent() + "% of the stage throttle",
        expression(
            "count / " + PERIOD.toSeconds() + " / " + names.stageRateLimit() + " * 100",
            Map.of("count", count),
            "% of stage rate limit"),
        settings.quotaPercent(),
        TreatMissingData.NOT_BREACHING);
    for (String[] limit :
        new String[][] {
          {"IncomingRecords", "RecordsPerSecondLimit", "records"},
          {"IncomingBytes", "BytesPerSecondLimit", "bytes"},
          {"IncomingPutRequests", "PutRequestsPerSecondLimit", "requests"}
        }) {
      alarm(
          prefix + "firehose-" + limit[2] + "-near-limit",
          "Firehose " + limit[2] + "/s above " + settings.quotaPercent() + "% of the stream limit",
          expression(
              "used / " + PERIOD.toSeconds() + " / limit * 100",
              Map.of(
                  "used", metric("AWS/Firehose", limit[0], stream, "Sum"),
                  "limit", metric("AWS/Firehose", limit[1], stream, "Maximum")),
              "% of Firehose " + limit[2] + " limit"),
          settings.quotaPercent(),
          TreatMissingData.NOT_BREACHING);
    }

    if (settings.alarmTopic()) {
      this.topic =
          Topic.Builder.create(this, "AlarmTopic")
              .displayName("Hydrant proxy alarms")
              .masterKey(Alias.fromAliasName(this, "SnsManagedKey", "alias/aws/sns"))
              .enforceSsl(true)
              .build();
      if (settings.alarmEmail() != null) {
        topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
      }
      for (Alarm alarm : alarms) {
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
      }
    } else {
      this.topic = null;
    }

    List<IAlarm> all = new ArrayList<>(alarms);
    Dashboard.Builder.create(this, "Dashboard")
        .dashboardName(names.apiName())
        .widgets(
            List.of(
                List.<IWidget>of(
                    AlarmStatusWidget.Builder.create()
                        .title("Alarms")
                        .alarms(all)
                        .width(24)
                        .build()),
                List.<IWidget>of(
                    graph("API requests per 5 min", List.of(count), 8),
                    graph(
                        "API error rate (%)",
                        List.of(percent(serverErrors), percent(clientErrors)), 8),
                    graph("API latency p99 (ms)", List.of(latency), 8)),
                List.<IWidget>of(
                    graph("Firehose throttled records", List.of(throttled), 8),
                    graph("Data freshness (s)", List.of(freshness), 8),
                    graph("S3 delivery success", List.of(success), 8))))
        .build();
  }

  private static Metric metric(
      String namespace, String name, Map<String, String> dimensions, String statistic) {
    return Metric.Builder.create()
        .namespace(namespace)
        .metricName(name)
        .dimensionsMap(dimensions)
        .statistic(statistic)
        .period(PERIOD)
        .build();
  }

  /** {@code rate} (an Average of 0/1 samples) as a percentage; ids differ per metric. */
  private static MathExpression percent(Metric rate) {
    String id = "r" + rate.getMetricName().replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    return expression(id + " * 100", Map.of(id, rate), rate.getMetricName() + " %");
  }

  private static MathExpression expression(
      String expression, Map<String, ? extends IMetric> metrics, String label) {
    return MathExpression.Builder.create()
        .expression(expression)
        .usingMetrics(Map.copyOf(metrics))
        .label(label)
        .period(PERIOD)
        .build();
  }

  private static GraphWidget graph(String title, List<? extends IMetric> metrics, int width) {
    return GraphWidget.Builder.create()
        .title(title)
        .left(List.copyOf(metrics))
        .width(width)
        .build();
  }

  private void alarm(
      String name, String description, IMetric metric, double threshold, TreatMissingData missing) {
    alarms.add(
        Alarm.Builder.create(this, name)
            .alarmName(name)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .treatMissingData(missing)
            .build());
  }

  /** The alarms, in definition order. */
  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }

  /** The alarm topic, or {@code null} when none was asked for. */
  public Topic topic() {
    return topic;
  }

  /**
   * Names the monitored resources carry in CloudWatch.
   *
   * @param apiName the REST API's name (metric dimension {@code ApiName})
   * @param stageName the stage (dimension {@code Stage})
   * @param streamName the delivery stream (dimension {@code DeliveryStreamName})
   * @param stageRateLimit the stage throttle, requests per second
   */
  public record MonitoredNames(
      String apiName, String stageName, String streamName, int stageRateLimit) {}
}
