package dev.hydrant.internal.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.DropReason;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage found while the spool is open is reported, also when a read-ahead finds it. */
class SpoolRuntimeCorruptionTest {
  @TempDir Path dir;

  @Test
  void damageFoundByReadAheadIsReportedOnTheNextTake() throws Exception {
    List<DropReason> drops = new ArrayList<>();
    SpoolConfig config =
        SpoolConfig.builder(dir.resolve("spool"))
            .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES)
            .build();
    try (DiskSpool spool =
        DiskSpool.open(
            config, BufferFullPolicy.dropNewest(), (reason, count, events) -> drops.add(reason))) {
      byte[] line = "{\"event_id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 1; i <= 3; i++) {
        spool.append("stb-1", i, 1_000L * i, line);
      }
      Path segment;
      try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
        segment = files.filter(p -> p.toString().endsWith(".hsp")).findFirst().orElseThrow();
      }
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        // A byte inside the first record's payload: its CRC no longer matches.
        ch.write(ByteBuffer.wrap(new byte[] {'#'}), FrameCodec.SEGMENT_HEADER_BYTES + 40);
      }

      spool.oldestAcceptedAtMillis();
      List<Long> seqs = spool.take(10, 1 << 20).stream().map(e -> e.seq()).toList();

      assertEquals(List.of(2L, 3L), seqs);
      assertEquals(List.of(DropReason.CORRUPT), drops);
    }
  }

  @Test
  void anEventLostToDamageAtRunTimeIsNoLongerPendingOnceTheRestIsAcked() throws Exception {
    SpoolConfig config =
        SpoolConfig.builder(dir.resolve("spool"))
            .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES)
            .build();
    try (DiskSpool spool =
        DiskSpool.open(config, BufferFullPolicy.dropNewest(), (reason, count, events) -> {})) {
      byte[] line = "{\"event_id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 1; i <= 3; i++) {
        spool.append("stb-1", i, 1_000L * i, line);
      }
      long watermark = spool.lastAppendedId();
      Path segment;
      try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
        segment = files.filter(p -> p.toString().endsWith(".hsp")).findFirst().orElseThrow();
      }
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[] {'#'}), FrameCodec.SEGMENT_HEADER_BYTES + 40);
      }

      spool.ack(spool.take(10, 1 << 20));

      // Reported dropped (CORRUPT): it must not also stay queued, or flush waits for it forever,
      // close is never clean and the drained segment's space is never given back.
      assertEquals(0, spool.pendingEvents(), "pending after everything readable was acked");
      assertEquals(Long.MAX_VALUE, spool.lowestPendingId(), "flush watermark " + watermark);
    }
  }

  @Test
  void aSegmentDrainedOfEverythingButDamageIsDeletedAtClose() throws Exception {
    Path spoolDir = dir.resolve("spool");
    SpoolConfig config =
        SpoolConfig.builder(spoolDir).segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES).build();
    List<Long> corrupt = new ArrayList<>();
    try (DiskSpool spool =
        DiskSpool.open(
            config,
            BufferFullPolicy.dropNewest(),
            (reason, count, events) -> {
              if (reason == DropReason.CORRUPT) {
                corrupt.add(count);
              }
            })) {
      byte[] line = "{\"event_id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8);
      for (int i = 1; i <= 3; i++) {
        spool.append("stb-1", i, 1_000L * i, line);
      }
      Path segment;
      try (Stream<Path> files = Files.list(spoolDir)) {
        segment = files.filter(p -> p.toString().endsWith(".hsp")).findFirst().orElseThrow();
      }
      try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[] {'#'}), FrameCodec.SEGMENT_HEADER_BYTES + 40);
      }
      spool.ack(spool.take(10, 1 << 20));
      assertEquals(0, spool.pendingBytes(), "no bytes pending once nothing is");
    }
    assertEquals(List.of(1L), corrupt, "the damaged event is reported once");
    try (Stream<Path> files = Files.list(spoolDir)) {
      assertEquals(
          List.of(),
          files.filter(p -> p.toString().endsWith(".hsp")).toList(),
          "drained segment deleted");
    }
  }
}
