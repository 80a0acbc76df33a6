package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records that are gzip members: S3 objects are multi-member gzip files named with the configured
 * extension, and the delivered-records API gives the decoded lines.
 */
@Timeout(60)
class GzipRecordsTest {
  private static final String STREAM = "stb-telemetry";

  @TempDir Path out;

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static String gunzip(byte[] data) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String single(byte[] data) {
    return "{\"DeliveryStreamName\":\""
        + STREAM
        + "\",\"Data\":\""
        + Base64.getEncoder().encodeToString(data)
        + "\"}";
  }

  private static String batch(byte[]... records) {
    StringBuilder body =
        new StringBuilder("{\"DeliveryStreamName\":\"" + STREAM + "\",\"Records\":[");
    for (int i = 0; i < records.length; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"Data\":\"")
          .append(Base64.getEncoder().encodeToString(records[i]))
          .append("\"}");
    }
    return body.append("]}").toString();
  }

  @Test
  void gzipRecordsMakeGzObjectsThatGzipInputStreamReadsLineForLine() throws Exception {
    String first = "{\"event_id\":\"e1\"}\n{\"event_id\":\"e2\"}\n";
    String second = "{\"event_id\":\"e3\"}\n";
    String third = "{\"event_id\":\"e4\"}\n{\"event_id\":\"e5\"}\n";
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .s3FileExtension(".ndjson.gz")
            .s3Directory(out)
            .s3Buffering(new S3Buffering(1024 * 1024, Duration.ofSeconds(60)))
            .build()
            .start()) {
      HttpClient client = Http.client(emulator);
      Http.post(client, emulator.endpoint(), single(gzip(first)));
      Http.post(client, emulator.batchEndpoint(), batch(gzip(second), gzip(third)));
      emulator.flush();

      List<S3Object> objects = emulator.s3Objects();
      assertEquals(1, objects.size());
      S3Object object = objects.get(0);
      assertTrue(object.key().endsWith(".ndjson.gz"), object.key());
      byte[] file = Files.readAllBytes(out.resolve(object.key()));
      assertArrayEquals(object.content(), file);
      // Three members, one per record: GZIPInputStream reads them all, as zcat and Athena do.
      assertEquals(first + second + third, gunzip(file));
      assertEquals(first + second + third, object.text());

      List<DeliveredRecord> records = emulator.deliveredRecords();
      assertEquals(3, records.size());
      assertTrue(records.stream().allMatch(DeliveredRecord::gzip));
      assertEquals(second, records.get(1).text());
      assertEquals(
          List.of(
              "{\"event_id\":\"e1\"}",
              "{\"event_id\":\"e2\"}",
              "{\"event_id\":\"e3\"}",
              "{\"event_id\":\"e4\"}",
              "{\"event_id\":\"e5\"}"),
          emulator.deliveredLines());
    }
  }

  @Test
  void plainRecordsAreUnchangedAndObjectsHaveNoExtensionByDefault() throws Exception {
    try (FirehoseEmulator emulator = FirehoseEmulator.builder().build().start()) {
      Http.post(Http.client(emulator), emulator.endpoint(), Http.single(STREAM, "a\nb\n"));
      emulator.flush();
      DeliveredRecord record = emulator.deliveredRecords().get(0);
      assertFalse(record.gzip());
      assertArrayEquals(record.data(), record.decoded());
      assertEquals(List.of("a", "b"), emulator.deliveredLines());
      S3Object object = emulator.s3Objects().get(0);
      assertTrue(object.key().matches(".*-[0-9a-f]{12}"), object.key());
      assertEquals("a\nb\n", object.text());
    }
  }

  @Test
  void eventIdRetentionCountsIdsInsideGzipRecordsAndNoneInACorruptOne() throws Exception {
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder().retention(Retention.EVENT_IDS).build().start()) {
      HttpClient client = Http.client(emulator);
      Http.post(
          client,
          emulator.endpoint(),
          single(gzip("{\"event_id\":\"e1\"}\n{\"event_id\":\"e2\"}\n")));
      byte[] corrupt = gzip("{\"event_id\":\"e3\"}\n");
      corrupt[corrupt.length - 9] ^= 0x55;
      Http.post(client, emulator.endpoint(), single(corrupt));
      assertEquals(Map.of("e1", 1L, "e2", 1L), emulator.deliveredEventIds());
      assertEquals(2, emulator.stats().recordsDelivered());
    }
  }

  @Test
  void aCorruptGzipRecordFailsLoudlyWhenRead() throws Exception {
    try (FirehoseEmulator emulator = FirehoseEmulator.builder().build().start()) {
      byte[] corrupt = gzip("{\"event_id\":\"e3\"}\n");
      corrupt[corrupt.length - 9] ^= 0x55;
      Http.post(Http.client(emulator), emulator.endpoint(), single(corrupt));
      DeliveredRecord record = emulator.deliveredRecords().get(0);
      UncheckedIOException e = assertThrows(UncheckedIOException.class, record::text);
      assertTrue(e.getMessage().contains("not valid gzip"), e.getMessage());
    }
  }

  @Test
  void fileExtensionFollowsFirehosesRule() {
    FirehoseEmulatorBuilder builder = FirehoseEmulator.builder();
    builder.s3FileExtension("");
    builder.s3FileExtension(".gz");
    for (String bad : new String[] {"gz", ".GZ", ".n d", "." + "a".repeat(128)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> builder.s3FileExtension(bad));
      assertTrue(e.getMessage().contains("s3FileExtension") && e.getMessage().contains(bad), bad);
    }
    assertThrows(NullPointerException.class, () -> builder.s3FileExtension(null));
  }
}
