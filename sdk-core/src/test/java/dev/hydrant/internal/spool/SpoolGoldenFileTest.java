package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.GoldenSpoolWriter.ACCEPTED_AT;
import static dev.hydrant.internal.spool.GoldenSpoolWriter.goldenDevice;
import static dev.hydrant.internal.spool.GoldenSpoolWriter.goldenLine;
import static dev.hydrant.internal.spool.GoldenSpoolWriter.goldenSeq;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads the files in {@code src/test/resources/spool/v<N>} written by the build of each format
 * version (v1: Hydrant 0.1.0; v2: the current format): the same five events in both.
 */
class SpoolGoldenFileTest {
  static final List<String> FILES = List.of(Segment.fileName(0), StateFiles.ACKS, "sequences");

  @TempDir Path dir;

  void copyGoldenFiles(String version) throws Exception {
    for (String name : FILES) {
      try (InputStream in = getClass().getResourceAsStream("/spool/" + version + "/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
  }

  DiskSpool open() throws Exception {
    return DiskSpool.open(
        SpoolConfig.builder(dir).build(), BufferFullPolicy.dropNewest(), (r, c, e) -> {});
  }

  static void assertGolden(int i, BufferedEvent e) {
    assertEquals(goldenDevice(i), e.deviceId());
    assertEquals(goldenSeq(i), e.seq());
    assertEquals(ACCEPTED_AT + i, e.acceptedAtMillis());
    assertEquals(
        new String(goldenLine(i), StandardCharsets.UTF_8),
        new String(e.line(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void readsTheUnackedEventsOfEachFormatVersion(String version) throws Exception {
    copyGoldenFiles(version);
    try (DiskSpool spool = open()) {
      assertEquals(3, spool.pendingEvents());
      List<BufferedEvent> events = spool.take(100, Long.MAX_VALUE);
      assertEquals(3, events.size());
      int[] expected = {1, 3, 4}; // 0 and 2 were acked out of order; 1 was released
      for (int k = 0; k < expected.length; k++) {
        assertGolden(expected[k], events.get(k));
      }
      assertEquals(Map.of("stb-0001", 3L, "stb-0002", 44L), spool.lastSequences());
      assertEquals(0, spool.seqFloor());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void everyFrameOfEachFormatVersionDecodes(String version) throws Exception {
    copyGoldenFiles(version);
    Path segment = dir.resolve(Segment.fileName(0));
    byte[] head = Files.readAllBytes(segment);
    FrameCodec.Header header = FrameCodec.parseHeader(head, head.length);
    assertEquals(version.equals("v1") ? 1 : 2, header.version());
    assertEquals(0, header.number());
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
      FrameReader reader = new FrameReader(ch, 0, header.length(), ch.size());
      for (int i = 0; i < 5; i++) {
        assertGolden(i, reader.next());
        assertEquals(version.equals("v1") ? FrameCodec.NO_ORDINAL : i, reader.ordinal());
      }
      assertEquals(null, reader.next());
      assertEquals(ch.size(), reader.validEnd());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void aSpoolOfEachFormatVersionKeepsWorkingAfterAnUpgrade(String version) throws Exception {
    copyGoldenFiles(version);
    try (DiskSpool spool = open()) {
      assertTrue(spool.append("stb-0002", 45, ACCEPTED_AT + 5, goldenLine(5)));
      List<BufferedEvent> all = SpoolTesting.takeAll(spool);
      assertEquals(4, all.size());
      assertGolden(1, all.get(0));
      spool.ack(all);
    }
    try (DiskSpool spool = open()) {
      assertEquals(0, spool.pendingEvents());
      assertEquals(Map.of("stb-0001", 3L, "stb-0002", 45L), spool.lastSequences());
      assertEquals(0, spool.seqFloor());
    }
    byte[] acks = Files.readAllBytes(dir.resolve(StateFiles.ACKS));
    assertEquals(FrameCodec.FORMAT_VERSION, acks[5], "state rewritten in the current version");
    assertArrayEquals(
        new byte[] {0x48, 0x41, 0x43, 0x4b}, java.util.Arrays.copyOf(acks, 4), "acks magic");
  }
}
