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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the version 1 files in {@code src/test/resources/spool/v1} written by an earlier build. */
class SpoolGoldenFileTest {
  static final List<String> FILES = List.of(Segment.fileName(0), StateFiles.ACKS, "sequences");

  @TempDir Path dir;

  @BeforeEach
  void copyGoldenFiles() throws Exception {
    for (String name : FILES) {
      try (InputStream in = getClass().getResourceAsStream("/spool/v1/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
  }

  DiskSpool open() throws Exception {
    return DiskSpool.open(
        SpoolConfig.builder(dir).build(), BufferFullPolicy.dropNewest(), (r, c, e) -> {});
  }

  @Test
  void readsTheUnackedEventsOfAVersion1Spool() throws Exception {
    try (DiskSpool spool = open()) {
      assertEquals(3, spool.pendingEvents());
      List<BufferedEvent> events = spool.take(100, Long.MAX_VALUE);
      assertEquals(3, events.size());
      int[] expected = {1, 3, 4}; // 0 and 2 were acked out of order; 1 was released
      for (int k = 0; k < expected.length; k++) {
        int i = expected[k];
        BufferedEvent e = events.get(k);
        assertEquals(goldenDevice(i), e.deviceId());
        assertEquals(goldenSeq(i), e.seq());
        assertEquals(ACCEPTED_AT + i, e.acceptedAtMillis());
        assertEquals(
            new String(goldenLine(i), StandardCharsets.UTF_8),
            new String(e.line(), StandardCharsets.UTF_8));
      }
      assertEquals(Map.of("stb-0001", 3L, "stb-0002", 44L), spool.lastSequences());
    }
  }

  @Test
  void version1BytesAreStillWrittenTheSameWay() throws Exception {
    byte[] segment = Files.readAllBytes(dir.resolve(Segment.fileName(0)));
    int at = FrameCodec.SEGMENT_HEADER_BYTES;
    assertArrayEquals(FrameCodec.segmentHeader(0), Arrays.copyOf(segment, at));
    for (int i = 0; i < 5; i++) {
      byte[] frame =
          FrameCodec.encode(
              goldenDevice(i).getBytes(StandardCharsets.UTF_8),
              goldenSeq(i),
              ACCEPTED_AT + i,
              goldenLine(i));
      assertArrayEquals(frame, Arrays.copyOfRange(segment, at, at + frame.length), "frame " + i);
      at += frame.length;
    }
    assertEquals(segment.length, at);
  }

  @Test
  void aVersion1SpoolKeepsWorkingAfterAnUpgrade() throws Exception {
    try (DiskSpool spool = open()) {
      assertTrue(spool.append("stb-0002", 45, ACCEPTED_AT + 5, goldenLine(5)));
      List<BufferedEvent> all = SpoolTesting.takeAll(spool);
      assertEquals(4, all.size());
      spool.ack(all);
    }
    try (DiskSpool spool = open()) {
      assertEquals(0, spool.pendingEvents());
      assertEquals(Map.of("stb-0001", 3L, "stb-0002", 45L), spool.lastSequences());
    }
  }
}
