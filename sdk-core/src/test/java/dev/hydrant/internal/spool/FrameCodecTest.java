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
  void framesCarryEveryFieldBehindA28ByteHeader() {
    byte[] frame = FrameCodec.encode(DEVICE, 7, 1234, LINE);
    assertEquals(28 + DEVICE.length + LINE.length, frame.length);
    assertEquals(frame.length, FrameCodec.check(frame, 0, frame.length, true));
    BufferedEvent e = FrameCodec.decode(99, frame, 0);
    assertEquals(99, e.id());
    assertEquals("stb-42", e.deviceId());
    assertEquals(7, e.seq());
    assertEquals(1234, e.acceptedAtMillis());
    assertArrayEquals(LINE, e.line());
  }

  @Test
  void everySingleBitFlipIsDetected() {
    byte[] frame = FrameCodec.encode(DEVICE, 7, 1234, LINE);
    for (int bit = 0; bit < frame.length * 8; bit++) {
      byte[] damaged = frame.clone();
      damaged[bit / 8] ^= (byte) (1 << (bit % 8));
      assertEquals(
          FrameCodec.INVALID, FrameCodec.check(damaged, 0, damaged.length, true), "bit " + bit);
    }
  }

  @Test
  void aFrameCutShortIsIncompleteOrInvalidAtTheEnd() {
    byte[] frame = FrameCodec.encode(DEVICE, 7, 1234, LINE);
    assertEquals(FrameCodec.NEED_MORE, FrameCodec.check(frame, 0, frame.length - 1, false));
    assertEquals(FrameCodec.INVALID, FrameCodec.check(frame, 0, frame.length - 1, true));
    assertEquals(FrameCodec.INVALID, FrameCodec.check(frame, 0, 10, true));
  }

  @Test
  void segmentHeadersCarryTheirVersion() {
    byte[] header = FrameCodec.segmentHeader(3);
    assertEquals(FrameCodec.FORMAT_VERSION, FrameCodec.segmentVersion(header, header.length));
    assertEquals(FrameCodec.INVALID, FrameCodec.segmentVersion(header, 19));
    header[9] ^= 1;
    assertEquals(FrameCodec.INVALID, FrameCodec.segmentVersion(header, header.length));
  }
}
