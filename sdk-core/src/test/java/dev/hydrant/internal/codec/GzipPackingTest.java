package dev.hydrant.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.Compression;
import dev.hydrant.EventTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Gzip records: each is one gzip member that decodes to exactly its lines, within the record limit
 * counted on compressed bytes, and filled close to it; concatenated records (an S3 object) decode
 * to every line in order.
 */
class GzipPackingTest {
  private static final int LIMIT = Packer.DEFAULT_RECORD_MAX_BYTES;
  private static final String[] GOLDEN = {
    "video_quality", "network_latency", "uptime", "custom_ad_impression"
  };

  private static Packer gzipPacker(int recordMaxBytes, boolean aggregate) {
    return new Packer(
        recordMaxBytes,
        aggregate,
        Packer.DEFAULT_BATCH_MAX_RECORDS,
        Packer.DEFAULT_BATCH_MAX_BYTES,
        Compression.GZIP);
  }

  static byte[] gunzip(byte[] data) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = GzipPackingTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource /golden/" + name);
      }
      return in.readAllBytes();
    }
  }

  private static List<byte[]> goldenLines() throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (String name : GOLDEN) {
      lines.add(resource(name + ".ndjson"));
    }
    return lines;
  }

  /** Lines of {@code size} bytes of seeded random printable-or-not bytes, ending in '\n'. */
  private static List<byte[]> randomLines(long seed, int count, int size) {
    Random random = new Random(seed);
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] line = new byte[size];
      random.nextBytes(line);
      for (int j = 0; j < size; j++) {
        if (line[j] == '\n') {
          line[j] = ' ';
        }
      }
      line[size - 1] = '\n';
      lines.add(line);
    }
    return lines;
  }

  /** Event-like lines: a shared shape, varying ids and numbers, like a set-top box sends. */
  private static List<byte[]> eventLines(long seed, int count) {
    Random random = new Random(seed);
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String line =
          "{\"event_id\":\""
              + new java.util.UUID(random.nextLong(), random.nextLong())
              + "\",\"event_type\":\"video_quality\",\"schema_version\":1,\"device_id\":\"stb-"
              + random.nextInt(1000)
              + "\",\"seq\":"
              + i
              + ",\"bitrate_kbps\":"
              + random.nextInt(20_000)
              + ",\"dropped_frames\":"
              + random.nextInt(50)
              + ",\"cdn\":\"cdn-eu-1\",\"codec\":\"hevc\",\"playback_state\":\"playing\"}\n";
      lines.add(line.getBytes(StandardCharsets.UTF_8));
    }
    return lines;
  }

  /** Every record decodes to the lines it claims; together they cover every line once, in order. */
  private static void assertLossless(List<byte[]> lines, List<PackedRecord> records, int limit) {
    int next = 0;
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    for (PackedRecord r : records) {
      assertEquals(next, r.firstLine());
      assertTrue(r.size() <= limit, r + " over " + limit);
      byte[] lineBytes = concat(lines.subList(r.firstLine(), r.firstLine() + r.lineCount()));
      assertArrayEquals(lineBytes, gunzip(r.data()));
      assertEquals(lineBytes.length, r.rawSize());
      object.writeBytes(r.data());
      next += r.lineCount();
    }
    assertEquals(lines.size(), next);
    // Firehose concatenates records into one S3 object: a multi-member gzip file.
    assertArrayEquals(concat(lines), gunzip(object.toByteArray()));
  }

  @Test
  void goldenRecordDecodesToTheGoldenLinesAndPackingReproducesItsHeaderAndTrailer()
      throws IOException {
    List<byte[]> lines = goldenLines();
    byte[] golden = resource("gzip/golden-events.gz");
    assertArrayEquals(concat(lines), gunzip(golden));

    List<PackedRecord> records = gzipPacker(LIMIT, true).pack(lines);
    assertEquals(1, records.size());
    byte[] data = records.get(0).data();
    assertLossless(lines, records, LIMIT);
    // Fixed header: no name, no mtime, OS unknown; CRC-32 and ISIZE do not depend on the deflater.
    assertArrayEquals(Arrays.copyOf(golden, 10), Arrays.copyOf(data, 10));
    assertArrayEquals(
        Arrays.copyOfRange(golden, golden.length - 8, golden.length),
        Arrays.copyOfRange(data, data.length - 8, data.length));
    assertArrayEquals(
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, Arrays.copyOf(data, 10));
  }

  @Test
  void incompressibleLineOfTheLargestAllowedSizeFitsInOneRecord() {
    Packer packer = gzipPacker(LIMIT, true);
    int max = packer.maxLineBytes();
    assertTrue(max < LIMIT && max > LIMIT - LIMIT / 100, "maxLineBytes " + max);
    List<byte[]> lines = randomLines(1, 1, max);
    List<PackedRecord> records = packer.pack(lines);
    assertEquals(1, records.size());
    assertLossless(lines, records, LIMIT);
  }

  @Test
  void lineOneByteOverTheGzipLineLimitIsRefusedNamingTheLimit() {
    Packer packer = gzipPacker(LIMIT, true);
    List<byte[]> lines = randomLines(2, 1, packer.maxLineBytes() + 1);
    EventTooLargeException e = assertThrows(EventTooLargeException.class, () -> packer.pack(lines));
    assertEquals(packer.maxLineBytes() + 1, e.sizeBytes());
    assertEquals(packer.maxLineBytes(), e.limitBytes());
  }

  @Test
  void incompressibleLinesJustUnderTheLimitMakeOneRecord() {
    // 100 random lines of 10,100 bytes: 1,010,000 raw, just under 1,024,000 once deflated.
    List<byte[]> lines = randomLines(3, 100, 10_100);
    List<PackedRecord> records = gzipPacker(LIMIT, true).pack(lines);
    assertEquals(1, records.size());
    assertTrue(records.get(0).size() > 1_010_000, records.get(0).toString());
    assertLossless(lines, records, LIMIT);
  }

  @Test
  void incompressibleLinesJustOverTheLimitSplitIntoTwoRecordsTheFirstFilledClose() {
    // 103 random lines of 10,000 bytes: 1,030,000 raw, just over 1,024,000 once deflated.
    List<byte[]> lines = randomLines(4, 103, 10_000);
    List<PackedRecord> records = gzipPacker(LIMIT, true).pack(lines);
    assertEquals(2, records.size());
    assertTrue(records.get(0).size() > LIMIT - 2 * 10_000, records.get(0).toString());
    assertLossless(lines, records, LIMIT);
  }

  @Test
  void compressibleLinesFillSmallRecordsCloseToTheirLimitWithoutPassingIt() {
    List<byte[]> lines = eventLines(5, 5_000);
    int limit = 4_096;
    List<PackedRecord> records = gzipPacker(limit, true).pack(lines);
    assertLossless(lines, records, limit);
    for (PackedRecord r : records.subList(0, records.size() - 1)) {
      // Closed only when one more line (about 90 bytes deflated) might not have fitted.
      assertTrue(r.size() > limit - 400, r.toString());
      assertTrue(r.rawSize() > 4L * r.size(), r.toString());
    }
  }

  @Test
  void compressibleLinesMakeRecordsAFractionOfTheirRawSize() {
    List<byte[]> lines = eventLines(6, 20_000);
    List<PackedRecord> records = gzipPacker(LIMIT, true).pack(lines);
    assertEquals(1, records.size());
    assertTrue(records.get(0).rawSize() > 4L * records.get(0).size(), records.get(0).toString());
    assertLossless(lines, records, LIMIT);
  }

  @Test
  void withoutAggregationEachLineIsItsOwnMember() {
    List<byte[]> lines = eventLines(7, 10);
    List<PackedRecord> records = gzipPacker(LIMIT, false).pack(lines);
    assertEquals(10, records.size());
    records.forEach(r -> assertEquals(1, r.lineCount()));
    assertLossless(lines, records, LIMIT);
  }

  @Test
  void batchesCountCompressedBytes() {
    // 6 records near 1,000 KiB each: a 4 MiB batch holds 4 of them.
    List<byte[]> lines = randomLines(8, 600, 10_000);
    Packer packer = gzipPacker(LIMIT, true);
    List<PackedRecord> records = packer.pack(lines);
    assertEquals(6, records.size());
    List<List<PackedRecord>> batches = packer.batches(records);
    assertEquals(List.of(4, 2), batches.stream().map(List::size).toList());
    for (List<PackedRecord> batch : batches) {
      assertTrue(batch.stream().mapToLong(PackedRecord::size).sum() <= packer.batchMaxBytes());
    }
  }

  @Test
  void aFailedPackLeavesNothingBehindForTheNext() {
    Packer packer = gzipPacker(LIMIT, true);
    List<byte[]> bad = new ArrayList<>(eventLines(9, 3));
    bad.add(new byte[0]);
    assertThrows(IllegalArgumentException.class, () -> packer.pack(bad));
    List<byte[]> lines = eventLines(10, 3);
    assertLossless(lines, packer.pack(lines), LIMIT);
  }

  @Test
  void takesMoreRawBytesPerRequestWithCompressionUpToFourMebibytes() {
    Packer plain = Packer.defaults();
    Packer gzip = gzipPacker(LIMIT, true);
    assertEquals(LIMIT, plain.takeBytes(LIMIT));
    assertEquals(4L * LIMIT, gzip.takeBytes(LIMIT));
    assertEquals(Packer.DEFAULT_BATCH_MAX_BYTES, gzip.takeBytes(Packer.DEFAULT_BATCH_MAX_BYTES));
    assertEquals(Compression.GZIP, gzip.compression());
    assertTrue(gzip.toString().contains("compression=GZIP(level=6)"), gzip.toString());
  }
}
