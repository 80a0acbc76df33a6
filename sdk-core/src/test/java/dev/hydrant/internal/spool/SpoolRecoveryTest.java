package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.SpoolTesting.line;
import static dev.hydrant.internal.spool.SpoolTesting.ns;
import static dev.hydrant.internal.spool.SpoolTesting.range;
import static dev.hydrant.internal.spool.SpoolTesting.takeAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.DropReason;
import dev.hydrant.SpoolFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery on open from damaged files: never a crash, never a lost valid record. */
class SpoolRecoveryTest {
  static final int EVENTS = 20;
  static final int FRAME = FrameCodec.FRAME_HEADER_BYTES + 1 + 100;

  @TempDir Path dir;
  RecordingDropSink drops = new RecordingDropSink();
  Path segment;

  SpoolConfig config() {
    return SpoolConfig.builder(dir).segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES).build();
  }

  DiskSpool open() throws IOException {
    return DiskSpool.open(config(), BufferFullPolicy.dropNewest(), drops);
  }

  @BeforeEach
  void writeOneSegment() throws Exception {
    try (DiskSpool spool = open()) {
      for (int i = 0; i < EVENTS; i++) {
        spool.append("d", i, 1, line(i));
      }
    }
    segment = dir.resolve(Segment.fileName(0));
    assertEquals(FrameCodec.SEGMENT_HEADER_BYTES + EVENTS * FRAME, Files.size(segment));
  }

  static long frameOffset(int index) {
    return FrameCodec.SEGMENT_HEADER_BYTES + (long) index * FRAME;
  }

  void appendBytes(byte[] bytes) throws IOException {
    Files.write(segment, bytes, StandardOpenOption.APPEND);
  }

  void overwrite(long offset, byte[] bytes) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), offset);
    }
  }

  byte[] readAt(long offset, int length) throws IOException {
    return Arrays.copyOfRange(Files.readAllBytes(segment), (int) offset, (int) offset + length);
  }

  void assertRecovers(List<Long> expected, long corrupt) throws Exception {
    try (DiskSpool spool = open()) {
      assertEquals(expected, ns(takeAll(spool)));
      assertEquals(expected.size(), spool.pendingEvents());
      assertEquals(corrupt, drops.count(DropReason.CORRUPT));
    }
  }

  @Test
  void truncatesATornTailAndKeepsEveryCompleteRecord() throws Exception {
    appendBytes(Arrays.copyOf(FrameCodec.encode(new byte[] {'d'}, 99, 1, 99, line(99)), 60));
    assertRecovers(range(0, EVENTS), 0);
    assertEquals(frameOffset(EVENTS), Files.size(segment), "torn tail truncated");
  }

  @Test
  void truncatesAZeroFilledTail() throws Exception {
    appendBytes(new byte[8192]);
    assertRecovers(range(0, EVENTS), 0);
    assertEquals(frameOffset(EVENTS), Files.size(segment));
  }

  @Test
  void dropsARecordWhoseHeaderWasCutOff() throws Exception {
    try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
      ch.truncate(frameOffset(EVENTS - 1) + 10);
    }
    assertRecovers(range(0, EVENTS - 1), 0);
  }

  @Test
  void skipsARecordWithAFlippedBitAndReportsIt() throws Exception {
    long at = frameOffset(7) + 50;
    overwrite(at, new byte[] {(byte) (readAt(at, 1)[0] ^ 0x04)});
    List<Long> expected = range(0, EVENTS);
    expected.remove(7L);
    assertRecovers(expected, 1);
    // The damage stays in place (no rewriting), a second open still works, and the loss, reported
    // once, is not reported again once the reader has moved past it.
    drops = new RecordingDropSink();
    assertRecovers(expected, 0);
  }

  @Test
  void resyncsPastACorruptLengthWithoutAllocatingIt() throws Exception {
    overwrite(frameOffset(3) + 4, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    overwrite(frameOffset(12) + 4, new byte[] {0x00, 0x00, 0x10, 0x00});
    List<Long> expected = range(0, EVENTS);
    expected.remove(12L);
    expected.remove(3L);
    assertRecovers(expected, 2);
  }

  @Test
  void recoversFromAZeroedBlockInTheMiddleAndCountsItsEvents() throws Exception {
    overwrite(frameOffset(5), new byte[3 * FRAME]);
    List<Long> expected = range(0, 5);
    expected.addAll(range(8, EVENTS));
    assertRecovers(expected, 3);
  }

  @Test
  void deletesASegmentWhoseHeaderIsTorn() throws Exception {
    Path torn = dir.resolve(Segment.fileName(5));
    Files.write(torn, Arrays.copyOf(FrameCodec.segmentHeader(5, new SpoolIdentity(1, 2), 0, 0), 9));
    assertRecovers(range(0, EVENTS), 0);
    assertFalse(Files.exists(torn));
  }

  @Test
  void refusesAnUnknownSegmentVersionAndLeavesTheFilesUntouched() throws Exception {
    byte[] original = Files.readAllBytes(segment);
    // A newer format: the header and every frame name version 3.
    overwrite(4, new byte[] {0, 3});
    for (int i = 0; i < EVENTS; i++) {
      overwrite(frameOffset(i), new byte[] {3});
    }
    appendBytes(new byte[100]); // a tail that recovery would otherwise truncate
    byte[] before = Files.readAllBytes(segment);
    SpoolFormatException e = assertThrows(SpoolFormatException.class, this::open);
    assertTrue(e.getMessage().contains("format version 3"), e.getMessage());
    assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(segment));
    // The lock was released: after the files are fixed the spool opens again.
    Files.write(segment, original);
    assertRecovers(range(0, EVENTS), 0);
  }

  @Test
  void aBitFlipInAHeaderVersionIsDamageNotANewerFormat() throws Exception {
    overwrite(5, new byte[] {(byte) (readAt(5, 1)[0] ^ 0x04)}); // version 2 reads as 6
    assertRecovers(range(0, EVENTS), 0);
  }

  @Test
  void aBitFlipInOneAckCopyFallsBackToTheOtherCopy() throws Exception {
    try (DiskSpool spool = open()) {
      spool.ack(spool.take(5, Long.MAX_VALUE));
      spool.ack(spool.take(1, Long.MAX_VALUE));
    }
    Path acks = dir.resolve(StateFiles.ACKS);
    byte[] bytes = Files.readAllBytes(acks);
    for (int s = 0; s < 2; s++) {
      byte[] damaged = bytes.clone();
      damaged[s * bytes.length / 2 + 5] ^= 0x01; // the version field: reads as 3
      Files.write(acks, damaged);
      assertTrue(new StateFiles(FileOps.SYSTEM, dir).readAcks().prefix() >= frameOffset(5));
    }
  }

  @Test
  void refusesAnUnknownAckFileVersion() throws Exception {
    try (DiskSpool spool = open()) {
      spool.ack(spool.take(1, Long.MAX_VALUE));
    }
    Path acks = dir.resolve(StateFiles.ACKS);
    byte[] bytes = Files.readAllBytes(acks);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    for (int at : new int[] {0, bytes.length / 2}) { // both copies written by a newer version
      int length = b.getInt(at + 16);
      b.putShort(at + 4, (short) 9);
      b.putInt(at + 20 + length, FrameCodec.crc(bytes, at, 20 + length));
    }
    Files.write(acks, bytes);
    SpoolFormatException e = assertThrows(SpoolFormatException.class, this::open);
    assertTrue(e.getMessage().contains("format version 9"), e.getMessage());
    assertArrayEquals(bytes, Files.readAllBytes(acks));
  }

  @Test
  void aDamagedAckFileOnlyCausesResends() throws Exception {
    try (DiskSpool spool = open()) {
      spool.ack(spool.take(5, Long.MAX_VALUE));
    }
    Path acks = dir.resolve(StateFiles.ACKS);
    byte[] bytes = Files.readAllBytes(acks);
    bytes[10] ^= 1; // both copies
    bytes[bytes.length / 2 + 10] ^= 1;
    Files.write(acks, bytes);
    assertRecovers(range(0, EVENTS), 0);
  }
}
