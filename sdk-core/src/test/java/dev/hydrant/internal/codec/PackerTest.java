package dev.hydrant.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.EventTooLargeException;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackerTest {
  private static final int MIB = 1024 * 1024;

  /** A line of exactly {@code size} bytes ending in '\n', filled with {@code fill}. */
  private static byte[] line(int size, char fill) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) fill);
    b[size - 1] = '\n';
    return b;
  }

  private static List<byte[]> lines(int count, int size) {
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(line(size, (char) ('a' + i % 26)));
    }
    return lines;
  }

  private static List<PackedRecord> records(int count, int size) {
    List<PackedRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new PackedRecord(i, 1, line(size, 'r')));
    }
    return records;
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] concatRecords(List<PackedRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    records.forEach(r -> out.writeBytes(r.data()));
    return out.toByteArray();
  }

  /** Every record holds the lines it claims, the records cover every line once, in order. */
  private static void assertLossless(List<byte[]> lines, List<PackedRecord> records) {
    int next = 0;
    for (PackedRecord r : records) {
      assertEquals(next, r.firstLine());
      assertTrue(r.lineCount() >= 1);
      assertArrayEquals(
          concat(lines.subList(r.firstLine(), r.firstLine() + r.lineCount())), r.data());
      next += r.lineCount();
    }
    assertEquals(lines.size(), next);
    assertArrayEquals(concat(lines), concatRecords(records));
  }

  @Test
  void pinsTheDefaults() {
    Packer packer = Packer.defaults();
    assertEquals(1_024_000, Packer.DEFAULT_RECORD_MAX_BYTES);
    assertEquals(500, Packer.DEFAULT_BATCH_MAX_RECORDS);
    assertEquals(4_194_304L, Packer.DEFAULT_BATCH_MAX_BYTES);
    assertEquals(1_024_000, packer.recordMaxBytes());
    assertTrue(packer.aggregate());
    assertEquals(500, packer.batchMaxRecords());
    assertEquals(4_194_304L, packer.batchMaxBytes());
  }

  @Test
  void rejectsLimitsOutsideTheirRangeNamingTheParameter() {
    assertEquals(
        "recordMaxBytes must be between 1 and 1024000, got 1024001",
        assertThrows(
                IllegalArgumentException.class, () -> new Packer(1_024_001, true, 500, 4 * MIB))
            .getMessage());
    assertEquals(
        "recordMaxBytes must be between 1 and 1024000, got 0",
        assertThrows(IllegalArgumentException.class, () -> new Packer(0, true, 500, 4 * MIB))
            .getMessage());
    assertEquals(
        "batchMaxRecords must be between 1 and 500, got 501",
        assertThrows(IllegalArgumentException.class, () -> new Packer(1000, true, 501, 4 * MIB))
            .getMessage());
    assertEquals(
        "batchMaxRecords must be between 1 and 500, got 0",
        assertThrows(IllegalArgumentException.class, () -> new Packer(1000, true, 0, 4 * MIB))
            .getMessage());
    assertEquals(
        "batchMaxBytes must be between 1 and 4194304, got 4194305",
        assertThrows(
                IllegalArgumentException.class, () -> new Packer(1000, true, 500, 4L * MIB + 1))
            .getMessage());
    assertEquals(
        "batchMaxBytes must be between 1 and 4194304, got 0",
        assertThrows(IllegalArgumentException.class, () -> new Packer(1, true, 500, 0))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new Packer(2000, true, 500, 1000))
            .getMessage()
            .startsWith("recordMaxBytes (2000) must not exceed batchMaxBytes (1000)"));
    Packer smallest = new Packer(1, false, 1, 1);
    assertEquals(1, smallest.recordMaxBytes());
  }

  @Test
  void packsNothingFromNothing() {
    assertEquals(List.of(), Packer.defaults().pack(List.of()));
    assertEquals(List.of(), Packer.defaults().batches(List.of()));
  }

  @Test
  void fillsARecordExactlyToTheLimitAndStartsANewOneForOneByteMore() {
    Packer packer = new Packer(100, true, 500, 4 * MIB);
    List<byte[]> exact = List.of(line(40, 'a'), line(60, 'b'));
    List<PackedRecord> one = packer.pack(exact);
    assertEquals(1, one.size());
    assertEquals(100, one.get(0).size());
    assertLossless(exact, one);

    List<byte[]> over = List.of(line(40, 'a'), line(61, 'b'));
    List<PackedRecord> two = packer.pack(over);
    assertEquals(2, two.size());
    assertEquals(List.of(40, 61), List.of(two.get(0).size(), two.get(1).size()));
    assertLossless(over, two);
  }

  @Test
  void acceptsALineExactlyAtTheRecordLimitAndRejectsOneByteOver() {
    Packer packer = Packer.defaults();
    byte[] max = line(1_024_000, 'm');
    List<PackedRecord> records = packer.pack(List.of(line(10, 'a'), max, line(10, 'b')));
    assertEquals(3, records.size(), "a full-size line fills a record of its own");
    assertSame(max, records.get(1).data(), "a single line is not copied");

    EventTooLargeException e =
        assertThrows(
            EventTooLargeException.class,
            () -> packer.pack(List.of(line(10, 'a'), line(1_024_001, 'x'))));
    assertEquals(
        "event is 1024001 bytes encoded, over the limit of 1024000 bytes per Firehose record",
        e.getMessage());
    assertEquals(1_024_001, e.sizeBytes());
    assertEquals(1_024_000, e.limitBytes());
  }

  @Test
  void givesEachLineItsOwnRecordWithAggregationOff() {
    Packer packer = new Packer(1_024_000, false, 500, 4 * MIB);
    List<byte[]> lines = lines(5, 30);
    List<PackedRecord> records = packer.pack(lines);
    assertEquals(5, records.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(i, records.get(i).firstLine());
      assertEquals(1, records.get(i).lineCount());
      assertSame(lines.get(i), records.get(i).data());
    }
    assertLossless(lines, records);
    assertThrows(
        EventTooLargeException.class,
        () -> new Packer(50, false, 500, 4 * MIB).pack(List.of(line(51, 'x'))));
  }

  @Test
  void keepsEveryLineInOrderAcrossManyRecords() {
    Packer packer = new Packer(1000, true, 500, 4 * MIB);
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      lines.add(line(1 + (i * 37) % 400, (char) ('a' + i % 26)));
    }
    List<PackedRecord> records = packer.pack(lines);
    for (PackedRecord r : records) {
      assertTrue(r.size() <= 1000, "record of " + r.size());
    }
    assertLossless(lines, records);
  }

  @Test
  void countsBytesNotCharactersForMultiByteUtf8() {
    EventCodec codec = new EventCodec();
    DeviceContext device =
        DeviceContext.builder("stb-utf8").model("Caf\u00e9 \uD83D\uDCFA \u00e9\u00e9").build();
    byte[] line =
        codec.encode(
            CustomEvent.builder("note", device).field("text", "\uD83C\uDF89".repeat(100)).build(),
            1);
    String text = new String(line, StandardCharsets.UTF_8);
    assertTrue(line.length > text.length(), "multi-byte characters make bytes exceed chars");

    Packer packer = new Packer(line.length * 2, true, 500, 4 * MIB);
    List<byte[]> twoFit = List.of(line, line, line);
    List<PackedRecord> records = packer.pack(twoFit);
    assertEquals(List.of(2, 1), List.of(records.get(0).lineCount(), records.get(1).lineCount()));
    assertEquals(line.length * 2, records.get(0).size());
    assertLossless(twoFit, records);
    assertTrue(
        new String(records.get(0).data(), StandardCharsets.UTF_8)
            .contains("Caf\u00e9 \uD83D\uDCFA"));

    assertThrows(
        EventTooLargeException.class,
        () -> new Packer(line.length - 1, true, 500, 4 * MIB).pack(List.of(line)));
  }

  @Test
  void rejectsNullAndEmptyLines() {
    Packer packer = Packer.defaults();
    List<byte[]> withNull = new ArrayList<>();
    withNull.add(line(5, 'a'));
    withNull.add(null);
    assertEquals(
        "lines[1]",
        assertThrows(NullPointerException.class, () -> packer.pack(withNull)).getMessage());
    assertEquals(
        "lines[0] is empty",
        assertThrows(IllegalArgumentException.class, () -> packer.pack(List.of(new byte[0])))
            .getMessage());
  }

  @Test
  void groupsExactly500RecordsTogetherAndSplits501() {
    Packer packer = Packer.defaults();
    List<List<PackedRecord>> five = packer.batches(records(500, 100));
    assertEquals(1, five.size());
    assertEquals(500, five.get(0).size());

    List<PackedRecord> records = records(501, 100);
    List<List<PackedRecord>> split = packer.batches(records);
    assertEquals(List.of(500, 1), List.of(split.get(0).size(), split.get(1).size()));
    assertSame(records.get(500), split.get(1).get(0));
  }

  @Test
  void groupsExactly4MibTogetherAndSplitsOneByteOver() {
    Packer packer = Packer.defaults();
    // 4 records of 1,024,000 bytes plus one of 98,304 make exactly 4 MiB.
    List<PackedRecord> exact = records(4, 1_024_000);
    exact.add(new PackedRecord(4, 1, line(4 * MIB - 4 * 1_024_000, 'z')));
    List<List<PackedRecord>> one = packer.batches(exact);
    assertEquals(1, one.size());
    assertEquals(4L * MIB, one.get(0).stream().mapToLong(PackedRecord::size).sum());

    List<PackedRecord> over = records(4, 1_024_000);
    over.add(new PackedRecord(4, 1, line(4 * MIB - 4 * 1_024_000 + 1, 'z')));
    List<List<PackedRecord>> two = packer.batches(over);
    assertEquals(List.of(4, 1), List.of(two.get(0).size(), two.get(1).size()));
    assertTrue(Packer.estimatedBatchBodyBytes(one.get(0)) < Packer.BODY_MAX_BYTES);
  }

  @Test
  void honoursConfiguredSmallerBatchLimits() {
    Packer packer = new Packer(100, true, 3, 250);
    List<PackedRecord> records = records(7, 100);
    List<List<PackedRecord>> groups = packer.batches(records);
    // 250 bytes hold two 100-byte records; the count limit of 3 is never reached.
    assertEquals(List.of(2, 2, 2, 1), groups.stream().map(List::size).toList());
    List<PackedRecord> flat = new ArrayList<>();
    groups.forEach(flat::addAll);
    assertEquals(records, flat, "same records, same order");
  }

  @Test
  void keepsTheEstimatedBodyUnderTheBodyLimit() {
    // 100-byte records encode to 136 base64 bytes + 16 overhead = 152; envelope 256.
    long oneRecordBody = 256 + 136 + 16;
    assertEquals(oneRecordBody, Packer.estimatedBatchBodyBytes(records(1, 100)));
    Packer packer = new Packer(100, true, 500, 4 * MIB, 256 + 3 * 152);
    List<List<PackedRecord>> groups = packer.batches(records(7, 100));
    assertEquals(List.of(3, 3, 1), groups.stream().map(List::size).toList());
    for (List<PackedRecord> group : groups) {
      assertTrue(Packer.estimatedBatchBodyBytes(group) <= 256 + 3 * 152);
    }
    Packer oneByteLess = new Packer(100, true, 500, 4 * MIB, 256 + 3 * 152 - 1);
    assertEquals(
        List.of(2, 2, 2, 1),
        oneByteLess.batches(records(7, 100)).stream().map(List::size).toList());
  }

  @Test
  void computesStandardBase64Length() {
    assertEquals(0, Packer.base64Length(0));
    assertEquals(4, Packer.base64Length(1));
    assertEquals(4, Packer.base64Length(3));
    assertEquals(8, Packer.base64Length(4));
    assertEquals(1_365_336, Packer.base64Length(1_024_000));
    byte[] raw = new byte[1000];
    assertEquals(java.util.Base64.getEncoder().encode(raw).length, Packer.base64Length(raw.length));
  }

  @Test
  void rejectsARecordLargerThanTheRecordLimit() {
    Packer packer = new Packer(100, true, 500, 4 * MIB);
    assertEquals(
        "records[0] is 101 bytes, over recordMaxBytes 100",
        assertThrows(IllegalArgumentException.class, () -> packer.batches(records(1, 101)))
            .getMessage());
  }

  @Test
  void packsThenGroupsManyLinesLosslessly() {
    Packer packer = Packer.defaults();
    List<byte[]> lines = lines(30_000, 600);
    List<PackedRecord> records = packer.pack(lines);
    List<List<PackedRecord>> groups = packer.batches(records);
    List<PackedRecord> flat = new ArrayList<>();
    for (List<PackedRecord> group : groups) {
      assertTrue(group.size() <= 500);
      assertTrue(group.stream().mapToLong(PackedRecord::size).sum() <= 4L * MIB);
      flat.addAll(group);
    }
    assertEquals(records, flat);
    assertLossless(lines, flat);
  }
}
