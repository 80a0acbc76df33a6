package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.PutRecordResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

/** The official AWS SDK v2 Firehose client against the emulator's Firehose endpoint. */
@Timeout(60)
class FirehoseConformanceTest {

  private FirehoseEmulator emulator;
  private FirehoseClient firehose;

  @BeforeEach
  void start() throws Exception {
    emulator =
        FirehoseEmulator.builder()
            .streams("stb-telemetry", "other-stream")
            .quotas(new FirehoseQuotas(2_000, 3, 5 * 1024 * 1024))
            .build()
            .start();
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(emulator.trustStore());
    firehose =
        FirehoseClient.builder()
            .endpointOverride(emulator.firehoseEndpoint())
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-real-secret")))
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .tlsTrustManagersProvider(trust::getTrustManagers)
                    .build())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterEach
  void stop() {
    firehose.close();
    emulator.close();
  }

  private static Record record(String text) {
    return Record.builder().data(SdkBytes.fromUtf8String(text)).build();
  }

  @Test
  void putRecordIsAcceptedAndStored() {
    PutRecordResponse response =
        firehose.putRecord(r -> r.deliveryStreamName("stb-telemetry").record(record("hello\n")));

    assertTrue(response.recordId().length() > 200, response.recordId());
    assertFalse(response.encrypted());
    assertEquals(List.of("hello"), emulator.deliveredLines());
    assertEquals(response.recordId(), emulator.deliveredRecords().get(0).recordId());
  }

  @Test
  void putRecordBatchReportsPerEntryThrottlingInOrder() {
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(record("r" + i + "\n"));
    }

    PutRecordBatchResponse response =
        firehose.putRecordBatch(r -> r.deliveryStreamName("stb-telemetry").records(records));

    // The records/s quota is 3: the first three fit, the last two are throttled.
    assertEquals(2, response.failedPutCount());
    List<PutRecordBatchResponseEntry> entries = response.requestResponses();
    assertEquals(5, entries.size());
    for (int i = 0; i < 3; i++) {
      assertNull(entries.get(i).errorCode());
      assertTrue(entries.get(i).recordId().length() > 200);
    }
    for (int i = 3; i < 5; i++) {
      assertEquals("ServiceUnavailableException", entries.get(i).errorCode());
      assertEquals("Slow down.", entries.get(i).errorMessage());
    }
    assertEquals(List.of("r0", "r1", "r2"), emulator.deliveredLines());
    assertEquals(2, emulator.stats().recordsFailed());
  }

  @Test
  void unknownStreamIsResourceNotFound() {
    ResourceNotFoundException e =
        assertThrows(
            ResourceNotFoundException.class,
            () -> firehose.putRecord(r -> r.deliveryStreamName("nope").record(record("x"))));

    assertEquals(400, e.statusCode());
    assertEquals(
        "Firehose nope under account 123456789012 not found.", e.awsErrorDetails().errorMessage());
  }

  @Test
  void throttledCallIsServiceUnavailable() {
    emulator.faults(Faults.builder().maskedErrorRate(1).build());

    ServiceUnavailableException e =
        assertThrows(
            ServiceUnavailableException.class,
            () ->
                firehose.putRecord(r -> r.deliveryStreamName("stb-telemetry").record(record("x"))));

    assertEquals(500, e.statusCode());
    assertEquals("Slow down.", e.awsErrorDetails().errorMessage());
    assertTrue(emulator.deliveredRecords().isEmpty());
  }

  @Test
  void batchOverFourMebibytesIsInvalidArgument() {
    byte[] raw = new byte[1_000_000];
    Arrays.fill(raw, (byte) 'z');
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(Record.builder().data(SdkBytes.fromByteArray(raw)).build());
    }

    InvalidArgumentException e =
        assertThrows(
            InvalidArgumentException.class,
            () ->
                firehose.putRecordBatch(
                    r -> r.deliveryStreamName("stb-telemetry").records(records)));

    assertEquals(400, e.statusCode());
  }

  @Test
  void listDeliveryStreamsPagesSortedNames() {
    var first = firehose.listDeliveryStreams(r -> r.limit(1));
    var rest =
        firehose.listDeliveryStreams(
            r -> r.limit(10).exclusiveStartDeliveryStreamName(first.deliveryStreamNames().get(0)));

    assertEquals(List.of("other-stream"), first.deliveryStreamNames());
    assertTrue(first.hasMoreDeliveryStreams());
    assertEquals(List.of("stb-telemetry"), rest.deliveryStreamNames());
    assertFalse(rest.hasMoreDeliveryStreams());
  }

  @Test
  void acceptsApiGatewaysActionQueryForm() throws Exception {
    HttpClient client = Http.client(emulator);
    URI action = emulator.firehoseEndpoint().resolve("/?Action=PutRecord");
    HttpResponse<String> ok =
        Http.post(
            client,
            action,
            "{\"DeliveryStreamName\":\"stb-telemetry\",\"Record\":{\"Data\":\""
                + Http.b64("q")
                + "\"}}",
            "Content-Type",
            "application/x-amz-json-1.1");
    HttpResponse<String> unknown =
        client.send(
            HttpRequest.newBuilder(emulator.firehoseEndpoint())
                .header("X-Amz-Target", "Firehose_20150804.DeleteEverything")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(List.of("q"), emulator.deliveredLines());
    assertEquals(400, unknown.statusCode());
    assertEquals(
        "UnknownOperationException",
        unknown.headers().firstValue("x-amzn-ErrorType").orElseThrow());
  }
}
