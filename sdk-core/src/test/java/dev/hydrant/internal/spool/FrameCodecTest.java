package dev.hydrant.internal.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  static final byte[] DEVICE = "stb-42".getBytes(StandardCharsets.UTF_8);
  static final byte[] LINE = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void framesCarryEveryFieldAndAnOrdinalBehindA36ByteHeader() {
    byte[] frame = FrameCodec.encode(DEVICE, 7, 1234, 5_000_000_000L, LINE);
    assertEquals(36 + DEVICE.length + LINE.length, frame.length);
    assertEquals(frame.length, FrameCodec.check(frame, 0, frame.length, true));
    BufferedEvent e = FrameCodec.decode(99, frame, 0);
    assertEquals(99, e.id());
    assertEquals("stb-42", e.deviceId());
    assertEquals(7, e.seq());
    assertEquals(1234, e.acceptedAtMillis());
    assertArrayEquals(LINE, e.line());
    assertEquals(5_000_000_000L, FrameCodec.ordinal(frame, 0));
  }

  @Test
  void everySingleBitFlipIsDetected() {
    byte[] frame = FrameCodec.encode(DEVICE, 7, 1234, 5_000_000_000L, LINE);
    for (int bit = 0; bit < frame.length * 8; bit++) {
      byte[] damaged = frame.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      assertEquals(
          FrameCodec.INVALID, FrameCodec.check(damaged, 0, damaged.length, true), "bit " + bit);
    }
  }

  @Test
  void aFrameCutShortIsIncompleteOrInvalidAtTheEnd() {
    byte[] frame = FrameCodec.encode(DEVICE, 7, 1234, 5_000_000_000L, LINE);
    assertEquals(FrameCodec.NEED_MORE, FrameCodec.check(frame, 0, frame.length - 1, false));
    assertEquals(FrameCodec.INVALID, FrameCodec.check(frame, 0, frame.length - 1, true));
    assertEquals(FrameCodec.INVALID, FrameCodec.check(frame, 0, 10, true));
  }

  @Test
  void segmentHeadersCarryVersionNumberIdentityFirstOrdinalAndSeqFloor() {
    SpoolIdentity identity = new SpoolIdentity(11, 22);
    byte[] header = FrameCodec.segmentHeader(3, identity, 400, 77);
    assertEquals(52, header.length);
    assertEquals(FrameCodec.FORMAT_VERSION, FrameCodec.segmentVersion(header, header.length));
    assertEquals(
        new FrameCodec.Header(2, 3, identity, 400, 77, 52),
        FrameCodec.parseHeader(header, header.length));
    assertEquals(FrameCodec.INVALID, FrameCodec.segmentVersion(header, 51));
    for (int bit = 0; bit < header.length * 8; bit++) {
      byte[] damaged = header.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      assertEquals(
          null, FrameCodec.parseHeader(damaged, damaged.length), "bit " + bit + " undetected");
    }
  }
}
