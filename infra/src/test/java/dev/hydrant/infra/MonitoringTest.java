package dev.hydrant.infra;

import static dev.hydrant.infra.SynthesizedProxy.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alarms and dashboard with the default thresholds and no topic. */
class MonitoringTest {

  private static SynthesizedProxy synth;

  @BeforeAll
  static void synthesize() {
    synth = SynthesizedProxy.defaults();
  }

  static Map<String, JsonNode> alarms(SynthesizedProxy synth) {
    Map<String, JsonNode> byName = new TreeMap<>();
    for (JsonNode alarm : resources(synth.proxyJson, "AWS::CloudWatch::Alarm").values()) {
      byName.put(alarm.path("Properties").path("AlarmName").asText(), alarm.path("Properties"));
    }
    return byName;
  }

  @Test
  void everySignalHasItsAlarm() {
    assertEquals(
        java.util.List.of(
            "hydrant-firehose-proxy-api-4xx",
            "hydrant-firehose-proxy-api-5xx",
            "hydrant-firehose-proxy-api-latency-p99",
            "hydrant-firehose-proxy-data-freshness",
            "hydrant-firehose-proxy-firehose-bytes-near-limit",
            "hydrant-firehose-proxy-firehose-records-near-limit",
            "hydrant-firehose-proxy-firehose-requests-near-limit",
            "hydrant-firehose-proxy-firehose-throttled",
            "hydrant-firehose-proxy-s3-delivery-failing",
            "hydrant-firehose-proxy-stage-throttle-near"),
        java.util.List.copyOf(alarms(synth).keySet()));
  }

  @Test
  void apiAlarmsWatchTheStageWithTheDefaultThresholds() {
    Map<String, JsonNode> alarms = alarms(synth);
    JsonNode server = alarms.get("hydrant-firehose-proxy-api-5xx");
    assertEquals(1, server.path("Threshold").asInt());
    assertEquals("GreaterThanThreshold", server.path("ComparisonOperator").asText());
    assertEquals("notBreaching", server.path("TreatMissingData").asText());
    String metrics = server.path("Metrics").toString();
    assertTrue(metrics.contains("\"r5xxerror * 100\""), metrics);
    assertTrue(metrics.contains("\"5XXError\""), metrics);
    assertTrue(metrics.contains("{\"Name\":\"Stage\",\"Value\":\"v1\"}"), metrics);
    assertTrue(
        metrics.contains("{\"Name\":\"ApiName\",\"Value\":\"hydrant-firehose-proxy\"}"), metrics);
    assertEquals(5, alarms.get("hydrant-firehose-proxy-api-4xx").path("Threshold").asInt());
    JsonNode latency = alarms.get("hydrant-firehose-proxy-api-latency-p99");
    assertEquals(2000, latency.path("Threshold").asInt());
    assertEquals("p99", latency.path("ExtendedStatistic").asText());
    assertEquals("Latency", latency.path("MetricName").asText());
    JsonNode stage = alarms.get("hydrant-firehose-proxy-stage-throttle-near");
    assertTrue(stage.path("Metrics").toString().contains("count / 300 / 1000 * 100"));
    assertEquals(80, stage.path("Threshold").asInt());
  }

  @Test
  void firehoseAlarmsWatchThrottlingFreshnessDeliveryAndTheStreamLimits() {
    Map<String, JsonNode> alarms = alarms(synth);
    JsonNode throttled = alarms.get("hydrant-firehose-proxy-firehose-throttled");
    assertEquals("ThrottledRecords", throttled.path("MetricName").asText());
    assertEquals("AWS/Firehose", throttled.path("Namespace").asText());
    assertEquals(
        "[{\"Name\":\"DeliveryStreamName\",\"Value\":\"hydrant-telemetry\"}]",
        throttled.path("Dimensions").toString());
    assertEquals(0, throttled.path("Threshold").asInt());
    JsonNode freshness = alarms.get("hydrant-firehose-proxy-data-freshness");
    assertEquals("DeliveryToS3.DataFreshness", freshness.path("MetricName").asText());
    assertEquals(900, freshness.path("Threshold").asInt());
    assertEquals("missing", freshness.path("TreatMissingData").asText());
    JsonNode delivery = alarms.get("hydrant-firehose-proxy-s3-delivery-failing");
    assertEquals("DeliveryToS3.Success", delivery.path("MetricName").asText());
    assertEquals("LessThanThreshold", delivery.path("ComparisonOperator").asText());
    assertEquals(1, delivery.path("Threshold").asInt());
    String records =
        alarms.get("hydrant-firehose-proxy-firehose-records-near-limit").path("Metrics").toString();
    assertTrue(records.contains("used / 300 / limit * 100"), records);
    assertTrue(records.contains("\"IncomingRecords\""), records);
    assertTrue(records.contains("\"RecordsPerSecondLimit\""), records);
    for (JsonNode alarm : alarms.values()) {
      assertTrue(alarm.path("AlarmActions").isMissingNode(), "no topic by default: " + alarm);
    }
  }

  @Test
  void dashboardShowsTheAlarmsAndTheSignals() {
    JsonNode dashboard =
        SynthesizedProxy.single(synth.proxyJson, "AWS::CloudWatch::Dashboard").path("Properties");
    assertEquals("hydrant-firehose-proxy", dashboard.path("DashboardName").asText());
    String body = dashboard.path("DashboardBody").toString();
    for (String text :
        java.util.List.of(
            "API error rate (%)",
            "API latency p99 (ms)",
            "Firehose throttled records",
            "Data freshness (s)",
            "S3 delivery success",
            "\\\"alarm\\\"")) {
      assertTrue(body.contains(text), text + " in " + body);
    }
    synth.proxy.resourceCountIs("AWS::SNS::Topic", 0);
  }
}
