package dev.hydrant.internal.spool;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes the golden files under {@code src/test/resources/spool/v<N>} for the current format (run
 * by hand, once per format version; {@link SpoolGoldenFileTest} reads them): five events of two
 * devices, of which the first and third are acked out of order and the second is released.
 *
 * <p>Argument: the directory to write into.
 */
public final class GoldenSpoolWriter {
  static final long ACCEPTED_AT = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private GoldenSpoolWriter() {}

  static byte[] goldenLine(int i) {
    return ("{\"event_id\":\"0194f3a0-0000-7000-8000-00000000000" + i + "\",\"n\":" + i + "}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String goldenDevice(int i) {
    return i < 3 ? "stb-0001" : "stb-0002";
  }

  static long goldenSeq(int i) {
    return i < 3 ? 1 + i : 40 + i;
  }

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Path work = Files.createTempDirectory("golden");
    try (DiskSpool spool =
        DiskSpool.open(
            SpoolConfig.builder(work).build(), BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
      for (int i = 0; i < 5; i++) {
        spool.append(goldenDevice(i), goldenSeq(i), ACCEPTED_AT + i, goldenLine(i));
      }
      List<BufferedEvent> taken = spool.take(3, Long.MAX_VALUE);
      spool.ack(List.of(taken.get(2)));
      spool.ack(List.of(taken.get(0)));
      spool.release(List.of(taken.get(1)));
    }
    Files.createDirectories(out);
    for (String name : List.of(Segment.fileName(0), StateFiles.ACKS, StateFiles.SEQUENCES)) {
      Files.copy(work.resolve(name), out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
