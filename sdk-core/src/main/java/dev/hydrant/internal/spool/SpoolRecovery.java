package dev.hydrant.internal.spool;

import dev.hydrant.SpoolFormatException;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans a spool directory on open: checks every segment's format version first (an unknown one
 * throws before anything is changed), then reads every frame, truncates torn tails, counts damaged
 * regions and works out what is still pending. Never gives up on damage: whatever still decodes is
 * kept.
 */
final class SpoolRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

  /** What the scan found. */
  record Result(
      TreeMap<Long, Segment> segments,
      List<Segment> fullyAcked,
      long pendingEvents,
      long pendingBytes,
      long corruptRegions,
      long nextSegmentNumber) {}

  private SpoolRecovery() {}

  /**
   * Scans {@code directory}. Merges the highest seq per device found in frames into {@code
   * sequences}. Segments with no pending record are returned in {@code fullyAcked} for the caller
   * to delete once the merged sequences are saved.
   */
  static Result scan(
      FileOps ops, Path directory, StateFiles.AckState acks, Map<String, Long> sequences)
      throws IOException {
    TreeMap<Long, Path> files = list(directory);
    for (Map.Entry<Long, Path> e : files.entrySet()) {
      checkVersion(e.getValue());
    }
    TreeMap<Long, Segment> segments = new TreeMap<>();
    List<Segment> fullyAcked = new ArrayList<>();
    long pendingEvents = 0;
    long pendingBytes = 0;
    long corrupt = 0;
    long firstUnacked = DiskSpool.segmentOf(acks.prefix());
    for (Map.Entry<Long, Path> e : files.entrySet()) {
      long number = e.getKey();
      Path path = e.getValue();
      long segmentPending = 0;
      long validEnd;
      boolean tornTail;
      int regions;
      try (FileChannel ch = ops.open(path, StandardOpenOption.READ)) {
        FrameReader reader =
            new FrameReader(ch, number, FrameCodec.SEGMENT_HEADER_BYTES, ch.size());
        for (BufferedEvent event = reader.next(); event != null; event = reader.next()) {
          sequences.merge(event.deviceId(), event.seq(), Math::max);
          if (!acks.acked(event.id())) {
            segmentPending++;
            pendingBytes += event.size();
          }
        }
        validEnd = Math.max(reader.validEnd(), FrameCodec.SEGMENT_HEADER_BYTES);
        tornTail = reader.hasTornTail() || ch.size() < FrameCodec.SEGMENT_HEADER_BYTES;
        regions = reader.corruptRegions();
      }
      if (tornTail) {
        LOG.warn("Spool segment {}: truncating a torn tail at offset {}", path, validEnd);
        truncate(ops, path, validEnd);
      }
      if (regions > 0) {
        LOG.warn("Spool segment {}: skipped {} corrupt region(s)", path, regions);
        if (number >= firstUnacked) {
          corrupt += regions;
        }
      }
      Segment segment = new Segment(number, path, validEnd);
      segments.put(number, segment);
      if (segmentPending == 0) {
        fullyAcked.add(segment);
      }
      pendingEvents += segmentPending;
    }
    // New segments must sort after every position the ack state mentions, or their records
    // would count as acknowledged.
    long lastKnown = acks.readPosition() == 0 ? -1 : DiskSpool.segmentOf(acks.readPosition());
    long next = Math.max(files.isEmpty() ? -1 : files.lastKey(), lastKnown) + 1;
    return new Result(segments, fullyAcked, pendingEvents, pendingBytes, corrupt, next);
  }

  /** Segment files by number; anything else in the directory is ignored. */
  private static TreeMap<Long, Path> list(Path directory) throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "segment-*.hsp")) {
      for (Path p : stream) {
        long number = Segment.parseNumber(p.getFileName().toString());
        if (number >= 0) {
          files.put(number, p);
        }
      }
    }
    return files;
  }

  /** Throws if an intact segment header carries a version this code does not read. */
  private static void checkVersion(Path path) throws IOException {
    byte[] header = new byte[FrameCodec.SEGMENT_HEADER_BYTES];
    int length;
    try (var in = Files.newInputStream(path)) {
      length = in.readNBytes(header, 0, header.length);
    }
    int version = FrameCodec.segmentVersion(header, length);
    if (version != FrameCodec.INVALID && version != FrameCodec.FORMAT_VERSION) {
      throw new SpoolFormatException(
          "spool segment "
              + path
              + " has format version "
              + version
              + "; this Hydrant reads version "
              + FrameCodec.FORMAT_VERSION
              + " (files left untouched)");
    }
  }

  private static void truncate(FileOps ops, Path path, long size) throws IOException {
    try (FileChannel ch = ops.open(path, StandardOpenOption.WRITE)) {
      ch.truncate(size);
      ch.force(false);
    }
  }
}
