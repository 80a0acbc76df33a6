package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.LatencyDistribution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryMathTest {

  @Test
  void recordMeterSumsBilledSizePerRecordNotPerByteTotal() {
    RecordMeter meter = new RecordMeter();
    meter.add(5121);
    meter.add(100);
    assertEquals(2, meter.records());
    assertEquals(5221, meter.bytes());
    assertEquals(3 * 5120, meter.billedBytes()); // not ceil(5221 / 5120) = 2 units
  }

  @Test
  void naiveBillingRoundsEveryEventUp() {
    DeliveryTracker tracker = new DeliveryTracker();
    tracker.onDelivered(
        List.of(
            new dev.hydrant.EventRef("stb-1", 1, 0, new byte[400]),
            new dev.hydrant.EventRef("stb-1", 2, 0, new byte[6000])));
    assertEquals(5120 + 10240, tracker.naiveBilledBytes());
    assertEquals(2, tracker.acknowledged());
    assertEquals(6400, tracker.acknowledgedBytes());
  }

  @Test
  void estimateForARealEndpointUsesTheAverageRecord() {
    assertEquals(0, ProduceCommand.estimatedBilledBytes(0, 0));
    // 3 records averaging 2,000,001 / 3 = 666,667 bytes -> 131 units each
    assertEquals(3L * 131 * 5120, ProduceCommand.estimatedBilledBytes(2_000_001, 3));
  }

  @Test
  void percentilesOfDeliveryLatencyComeFromTheLibrarysHistogram() {
    assertEquals(-1, ProduceCommand.millisOrNone(LatencyDistribution.empty(), 50));
    long[] counts = new long[LatencyDistribution.BUCKETS];
    counts[LatencyDistribution.bucketOf(20_000)] = 3;
    LatencyDistribution d = LatencyDistribution.of(counts, 60_000, 20_000);
    assertEquals(20, ProduceCommand.millisOrNone(d, 50));
    assertEquals(20, ProduceCommand.millisOrNone(d, 99));
  }

  private static RunSummary summary(long accepted, long acknowledged, Long missing, long failed) {
    return new RunSummary(
        "embedded emulator",
        50,
        accepted,
        accepted,
        acknowledged,
        missing == null ? null : accepted - missing,
        missing,
        missing == null ? null : 0L,
        0,
        failed,
        0,
        20,
        21,
        "gzip(level=6)",
        23_500_000,
        2_350_000,
        true,
        8_000_000,
        1,
        6_000_000,
        true,
        accepted * 5120,
        "TLSv1.3",
        "TLS_AES_128_GCM_SHA256",
        500,
        1_100,
        20_000);
  }

  @Test
  void exitCodeIsZeroOnlyWhenEveryAcceptedEventIsAcknowledgedAndFound() {
    assertEquals(0, summary(40_000, 40_000, 0L, 0).exitCode());
    assertEquals(0, summary(40_000, 40_000, null, 0).exitCode());
    assertEquals(1, summary(40_000, 39_999, 0L, 0).exitCode());
    assertEquals(1, summary(40_000, 40_000, 1L, 0).exitCode());
    assertEquals(1, summary(40_000, 39_000, null, 1_000).exitCode());
  }

  @Test
  void jsonHasEveryDocumentedKey() {
    Map<String, Object> json = summary(40_000, 40_000, 0L, 0).toJson();
    for (String key :
        List.of(
            "events_generated",
            "events_accepted",
            "events_acknowledged",
            "events_verified",
            "events_missing",
            "events_duplicated",
            "events_dropped",
            "requests",
            "records",
            "compression",
            "raw_bytes",
            "record_bytes",
            "record_bytes_exact",
            "bytes_sent",
            "retries",
            "billed_bytes",
            "billed_bytes_naive",
            "tls_protocol",
            "tls_cipher",
            "latency_p50_ms",
            "latency_p99_ms",
            "elapsed_ms",
            "events_per_sec")) {
      assertTrue(json.containsKey(key), key);
    }
    assertEquals(2000.0, json.get("events_per_sec"));
    assertEquals(204_800_000L, json.get("billed_bytes_naive"));
    String line = Json.write(json);
    assertTrue(line.startsWith("{\"target\":") && !line.contains("\n"), line);
  }

  @Test
  void humanSummaryShowsTheSavingsAndTheVerdict() {
    String text = summary(40_000, 40_000, 0L, 0).render();
    assertTrue(text.contains("events verified        40,000 read back from S3"), text);
    assertTrue(text.contains("5.7 MiB vs 195.3 MiB one event per record, 34x less"), text);
    assertTrue(text.contains("p50 500 ms, p99 1,100 ms"), text);
    assertTrue(
        text.contains("22.4 MiB NDJSON in 2.2 MiB of records, compression gzip(level=6) (10.0x)"),
        text);
    assertTrue(text.endsWith("OK: every accepted event was acknowledged and found in S3.\n"), text);
    String shortfall = summary(40_000, 39_990, 10L, 0).render();
    assertTrue(
        shortfall.contains("SHORTFALL: 10 accepted events not acknowledged, 10 missing from S3."),
        shortfall);
  }

  @Test
  void bytesUseBinaryUnits() {
    assertEquals("512 B", RunSummary.bytes(512));
    assertEquals("1.5 KiB", RunSummary.bytes(1536));
    assertEquals("2.0 MiB", RunSummary.bytes(2L * 1024 * 1024));
  }
}
