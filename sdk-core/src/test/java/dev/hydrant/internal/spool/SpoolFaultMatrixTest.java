package dev.hydrant.internal.spool;

import static dev.hydrant.internal.spool.SpoolTesting.line;
import static dev.hydrant.internal.spool.SpoolTesting.n;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.DropReason;
import dev.hydrant.SpoolFormatException;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a real spool of thousands of events in every way the files can be damaged, then checks
 * that every intact event is delivered and every other one is reported lost, by count, exactly:
 * delivered + reported lost = accepted. Prints the matrix.
 *
 * <p>Before the damage, the first 700 events were taken; 450 of them acked (every tenth of the
 * first 500 was not) and the other 250 left in flight at close, so the ack state holds a prefix, a
 * read position and a list of unfinished ids.
 */
class SpoolFaultMatrixTest {
  static final int EVENTS = 4000;
  static final String DEVICE = "stb-1";

  @TempDir Path root;

  /** Where event {@code n} lies on disk. */
  record Place(long segment, Path file, long offset, int length) {}

  /** One damage: changes the files and returns the events whose bytes it destroyed. */
  interface Damage {
    Set<Long> apply(Path dir, TreeMap<Long, Place> places, List<Path> segments) throws IOException;
  }

  record Row(String damage, long delivered, long reported, long unaccounted, String reasons) {}

  SpoolConfig config(Path dir) {
    return SpoolConfig.builder(dir).segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES).build();
  }

  /** Writes the spool; returns the events delivered before the damage. */
  Set<Long> writeSpool(Path dir) throws Exception {
    Set<Long> delivered = new HashSet<>();
    try (DiskSpool spool =
        DiskSpool.open(config(dir), BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
      for (long n = 0; n < EVENTS; n++) {
        assertTrue(spool.append(DEVICE, n + 1, 1_000 + n, line(n)));
      }
      List<BufferedEvent> taken = new ArrayList<>();
      while (taken.size() < 700) {
        taken.addAll(spool.take(700 - taken.size(), Long.MAX_VALUE));
      }
      List<BufferedEvent> ack = new ArrayList<>();
      for (BufferedEvent e : taken.subList(0, 500)) {
        if (n(e) % 10 != 3) {
          ack.add(e);
          delivered.add(n(e));
        }
      }
      spool.ack(ack);
    }
    return delivered;
  }

  static TreeMap<Long, Place> places(List<Path> segments) throws IOException {
    TreeMap<Long, Place> places = new TreeMap<>();
    for (Path file : segments) {
      byte[] head = Files.readAllBytes(file);
      FrameCodec.Header h = FrameCodec.parseHeader(head, head.length);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        FrameReader reader = new FrameReader(ch, h.number(), h.length(), ch.size());
        long start = h.length();
        for (BufferedEvent e = reader.next(); e != null; e = reader.next()) {
          places.put(n(e), new Place(h.number(), file, start, (int) (reader.position() - start)));
          start = reader.position();
        }
      }
    }
    return places;
  }

  static List<Path> segmentFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".hsp")).sorted().toList();
    }
  }

  static Set<Long> within(TreeMap<Long, Place> places, Path file, long from, long to) {
    Set<Long> hit = new HashSet<>();
    places.forEach(
        (n, p) -> {
          if (p.file().equals(file) && p.offset() < to && p.offset() + p.length() > from) {
            hit.add(n);
          }
        });
    return hit;
  }

  static void write(Path file, long at, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), at);
    }
  }

  static Set<Long> truncate(TreeMap<Long, Place> places, Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
    return within(places, file, size, Long.MAX_VALUE);
  }

  static Damage truncatedAt(double fraction) {
    return (dir, places, segs) -> {
      Path file = segs.get(segs.size() / 2);
      return truncate(places, file, (long) (Files.size(file) * fraction));
    };
  }

  static Damage garbage(String name) {
    return (dir, places, segs) -> {
      byte[] junk = new byte[(int) Files.size(dir.resolve(name))];
      new Random(7).nextBytes(junk);
      Files.write(dir.resolve(name), junk);
      return Set.of();
    };
  }

  Map<String, Damage> damages() {
    Map<String, Damage> d = new java.util.LinkedHashMap<>();
    d.put("nothing", (dir, places, segs) -> Set.of());
    d.put(
        "8 bit flips in 3 segments",
        (dir, places, segs) -> {
          Random random = new Random(42);
          Set<Long> hit = new HashSet<>();
          for (int i = 0; i < 8; i++) {
            Path file = segs.get(i % 3 == 0 ? 0 : segs.size() / 2 + i % 3);
            long at = (long) FrameCodec.SEGMENT_HEADER_BYTES + random.nextInt(60_000);
            byte[] b = {Files.readAllBytes(file)[(int) at]};
            b[0] ^= (byte) (1 << random.nextInt(8));
            write(file, at, b);
            hit.addAll(within(places, file, at, at + 1));
          }
          return hit;
        });
    d.put(
        "4 KiB zero-filled block",
        (dir, places, segs) -> {
          Path file = segs.get(segs.size() / 2);
          write(file, 10_000, new byte[4096]);
          return within(places, file, 10_000, 10_000 + 4096);
        });
    d.put(
        "sealed segment cut in its header",
        (dir, places, segs) -> truncate(places, segs.get(segs.size() / 2), 10));
    d.put(
        "sealed segment cut after its header",
        (dir, places, segs) ->
            truncate(places, segs.get(segs.size() / 2), FrameCodec.SEGMENT_HEADER_BYTES));
    d.put("sealed segment cut at 1/3", truncatedAt(1.0 / 3));
    d.put("sealed segment cut at 2/3 + 5 bytes", truncatedAt(2.0 / 3));
    d.put("sealed segment cut 1 byte short", truncatedAt(0.99999));
    d.put(
        "first segment (in flight) deleted",
        (dir, places, segs) -> {
          Files.delete(segs.get(0));
          return within(places, segs.get(0), 0, Long.MAX_VALUE);
        });
    d.put(
        "middle segment deleted",
        (dir, places, segs) -> {
          Path file = segs.get(segs.size() / 2);
          Files.delete(file);
          return within(places, file, 0, Long.MAX_VALUE);
        });
    d.put(
        "two segments swapped",
        (dir, places, segs) -> {
          Path a = segs.get(1);
          Path b = segs.get(segs.size() - 2);
          Path tmp = dir.resolve("swap");
          Files.move(a, tmp);
          Files.move(b, a);
          Files.move(tmp, b);
          return Set.of();
        });
    d.put(
        "ack state of another spool",
        (dir, places, segs) -> {
          Path other = root.resolve("other");
          try (DiskSpool spool =
              DiskSpool.open(config(other), BufferFullPolicy.dropNewest(), (r, c, e) -> {})) {
            for (long n = 0; n < 3000; n++) {
              spool.append("x", n + 1, 1, line(n));
            }
            spool.ack(SpoolTesting.takeAll(spool).subList(0, 2900));
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          Files.copy(
              other.resolve(StateFiles.ACKS),
              dir.resolve(StateFiles.ACKS),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          return Set.of();
        });
    d.put(
        "acks deleted",
        (dir, places, segs) -> {
          Files.delete(dir.resolve(StateFiles.ACKS));
          return Set.of();
        });
    d.put(
        "sequences deleted",
        (dir, places, segs) -> {
          Files.delete(dir.resolve(StateFiles.SEQUENCES));
          return Set.of();
        });
    d.put(
        "segment header version bit flipped",
        (dir, places, segs) -> {
          Path file = segs.get(segs.size() / 2);
          write(file, 5, new byte[] {(byte) (Files.readAllBytes(file)[5] ^ 0x01)});
          return Set.of();
        });
    d.put("acks garbage", garbage(StateFiles.ACKS));
    d.put("sequences garbage", garbage(StateFiles.SEQUENCES));
    return d;
  }

  @Test
  void everyIntactEventIsDeliveredAndEveryOtherIsReportedLostByCount() throws Exception {
    List<Row> rows = new ArrayList<>();
    int k = 0;
    for (Map.Entry<String, Damage> entry : damages().entrySet()) {
      Path dir = root.resolve("case" + k++);
      Set<Long> deliveredBefore = writeSpool(dir);
      List<Path> segs = segmentFiles(dir);
      assertTrue(segs.size() >= 8, "segments: " + segs.size());
      TreeMap<Long, Place> places = places(segs);
      for (long n = 0; n < EVENTS; n++) {
        assertTrue(places.containsKey(n) || deliveredBefore.contains(n), "only acked are gone");
      }
      Set<Long> destroyed = entry.getValue().apply(dir, places, segs);
      RecordingDropSink drops = new RecordingDropSink();
      Set<Long> delivered = new HashSet<>(deliveredBefore);
      long maxSeq;
      try (DiskSpool spool = DiskSpool.open(config(dir), BufferFullPolicy.dropNewest(), drops)) {
        List<BufferedEvent> all = SpoolTesting.takeAll(spool);
        for (BufferedEvent e : all) {
          delivered.add(n(e));
          assertEquals(n(e) + 1, e.seq(), "intact bytes");
        }
        spool.ack(all);
        maxSeq = Math.max(spool.lastSequences().getOrDefault(DEVICE, 0L), spool.seqFloor());
      }
      long reported = 0;
      StringBuilder reasons = new StringBuilder();
      for (DropReason r : DropReason.values()) {
        if (drops.count(r) > 0) {
          reported += drops.count(r);
          reasons.append(reasons.length() == 0 ? "" : ", ").append(r).append(' ');
          reasons.append(drops.count(r));
        }
      }
      String name = entry.getKey();
      Set<Long> intact = new HashSet<>();
      for (long n = 0; n < EVENTS; n++) {
        if (!destroyed.contains(n)) {
          intact.add(n);
        }
      }
      Set<Long> missed = new HashSet<>(intact);
      missed.removeAll(delivered);
      assertEquals(Set.of(), missed, name + ": intact events not delivered");
      Set<Long> lost = new HashSet<>(destroyed);
      lost.removeAll(deliveredBefore);
      assertEquals(lost.size(), reported, name + ": reported lost (" + reasons + ")");
      assertEquals(EVENTS, delivered.size() + reported, name + ": delivered + reported");
      assertTrue(maxSeq >= EVENTS, name + ": the seq would go backwards from " + maxSeq);
      if (reported > 0) {
        DropReason expected =
            name.contains("cut")
                ? DropReason.SEGMENT_TRUNCATED
                : name.contains("deleted") ? DropReason.SEGMENT_MISSING : DropReason.CORRUPT;
        assertEquals(reported, drops.count(expected), name + ": reported as " + reasons);
      }
      rows.add(
          new Row(
              name,
              delivered.size(),
              reported,
              EVENTS - delivered.size() - reported,
              reasons.length() == 0 ? "-" : reasons.toString()));
    }
    rows.add(futureVersionRow(root.resolve("case" + k)));
    print(rows);
  }

  /** A segment of a newer format: the spool refuses to open and changes nothing. */
  Row futureVersionRow(Path dir) throws Exception {
    writeSpool(dir);
    Path file = segmentFiles(dir).get(2);
    TreeMap<Long, Place> places = places(segmentFiles(dir));
    write(file, 4, new byte[] {0, 3});
    for (Place p : places.values()) {
      if (p.file().equals(file)) {
        write(file, p.offset(), new byte[] {3}); // its frames are of the newer format too
      }
    }
    Map<Path, byte[]> before = new TreeMap<>();
    for (Path p : segmentFiles(dir)) {
      before.put(p, Files.readAllBytes(p));
    }
    SpoolFormatException e =
        assertThrows(
            SpoolFormatException.class,
            () -> DiskSpool.open(config(dir), BufferFullPolicy.dropNewest(), (r, c, x) -> {}));
    assertTrue(e.getMessage().contains("format version 3"), e.getMessage());
    for (Map.Entry<Path, byte[]> p : before.entrySet()) {
      assertArrayEquals(p.getValue(), Files.readAllBytes(p.getKey()), "untouched");
    }
    return new Row("future format version (3)", 0, 0, 0, "refused to open, files untouched");
  }

  static void print(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format("%nSpool fault matrix: %d events accepted, 450 delivered before%n", EVENTS));
    sb.append(
        String.format(
            "| %-36s | %9s | %8s | %11s | %-36s |%n",
            "damage", "delivered", "reported", "unaccounted", "reported as"));
    for (Row r : rows) {
      sb.append(
          String.format(
              "| %-36s | %9d | %8d | %11d | %-36s |%n",
              r.damage(), r.delivered(), r.reported(), r.unaccounted(), r.reasons()));
    }
    System.out.print(sb);
  }
}
