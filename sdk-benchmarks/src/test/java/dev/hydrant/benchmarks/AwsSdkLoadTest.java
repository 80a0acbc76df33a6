package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.Retention;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwsSdkLoadTest {

  @Test
  void theSdkPeerPutsOneRecordPerEventInBatchesOfFiveHundredOnTheFirehoseApi() throws Exception {
    DeliveryCounter counter = new DeliveryCounter();
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .streams("stb-telemetry")
            .quotas(FirehoseQuotas.UNLIMITED)
            .retention(Retention.COUNTERS)
            .listener(counter)
            .build()
            .start()) {
      HydrantLoad.ClientRun run =
          AwsSdkLoad.run(
              emulator.firehoseEndpoint(),
              emulator.caCertificatePem(),
              2,
              Duration.ofMillis(300),
              2_000,
              0);
      assertTrue(run.accepted() > 0, run.toLine());
      assertEquals(run.accepted(), run.delivered(), run.toLine());
      assertEquals(0, run.lost());
      assertEquals(run.accepted(), counter.events());
      assertEquals(run.accepted(), counter.records());
      long fullBatches = run.accepted() / AwsSdkLoad.BATCH_RECORDS;
      assertTrue(run.requests() >= fullBatches && run.requests() <= fullBatches + 2, run.toLine());
      assertTrue(run.bytesSent() > counter.bytes(), run.toLine());
      RunResult result = HydrantLoad.result("awssdk", 2, 0, run, counter, 0);
      assertTrue(result.lossFree(), result.toString());
    }
  }
}
