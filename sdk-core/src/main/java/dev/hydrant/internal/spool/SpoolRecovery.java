package dev.hydrant.internal.spool;

import dev.hydrant.DropReason;
import dev.hydrant.SpoolFormatException;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans a spool directory on open, without writing anything but torn-tail truncations: checks every
 * segment's format version first (an unknown one throws before anything is changed), decides the
 * spool's identity, reads every frame and counts the events that can no longer be delivered. Never
 * gives up on damage: whatever still decodes is kept.
 *
 * <h2>Identity</h2>
 *
 * The identity is the one most segment headers carry (the newest segment breaks a tie), else the
 * ack state's, else a new random one. An ack state or sequences file of another identity is ignored
 * (logged): every event is then resent rather than lost. A segment of another identity is left
 * untouched and not read (logged). A segment is indexed by the number in its header, so a renamed
 * file is read in its right place (logged).
 *
 * <h2>Counting what was lost</h2>
 *
 * Version 2 frames carry an ordinal (0, 1, 2 ... across the spool's life) and each segment header
 * the ordinal of its first frame, so a gap between two intact positions has an exact size. Of the
 * missing events, those still pending are reported: listed as unfinished in the ack state, or at or
 * after its read position (whose ordinal it records). Where ordinals are not known (version 1
 * files, a lost ack state, a damaged header) the count is a lower bound: one per damaged region.
 * What lies after the last intact frame of the last segment is a torn tail and is dropped silently:
 * an append that was cut off never returned, or (group commit) it is the unsynced interval a power
 * cut may lose, as {@link dev.hydrant.SpoolDurability#GROUP_COMMIT} documents; events handed out
 * from beyond it are counted.
 */
final class SpoolRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

  /** What the scan found. */
  record Result(
      TreeMap<Long, Segment> segments,
      List<Segment> fullyAcked,
      long pendingEvents,
      long pendingBytes,
      Map<DropReason, Long> lost,
      long nextSegmentNumber,
      long nextOrdinal,
      SpoolIdentity identity,
      StateFiles.AckState acks,
      long maxSeq) {}

  private record Candidate(long fileNumber, Path path, FrameCodec.Header header) {}

  private final FileOps ops;
  private final Path directory;
  private StateFiles.AckState acks;
  private final Map<DropReason, Long> lost = new EnumMap<>(DropReason.class);
  private long prevId = -1;
  private long prevOrdinal = FrameCodec.NO_ORDINAL;
  private long maxOrdinal = FrameCodec.NO_ORDINAL;
  private long maxSeq;

  private SpoolRecovery(FileOps ops, Path directory, StateFiles.AckState acks) {
    this.ops = ops;
    this.directory = directory;
    this.acks = acks;
  }

  /**
   * Scans {@code directory}. Merges the highest seq per device found in frames into {@code
   * sequences}. Segments with no pending record are returned in {@code fullyAcked} for the caller
   * to delete.
   */
  static Result scan(
      FileOps ops, Path directory, StateFiles.AckState acks, Map<String, Long> sequences)
      throws IOException {
    return new SpoolRecovery(ops, directory, acks).run(sequences);
  }

  @SuppressWarnings("ReferenceEquality") // tells which of two candidates was kept, not equality
  private Result run(Map<String, Long> sequences) throws IOException {
    TreeMap<Long, Path> files = list(directory);
    List<Candidate> candidates = new ArrayList<>();
    for (Map.Entry<Long, Path> e : files.entrySet()) {
      candidates.add(new Candidate(e.getKey(), e.getValue(), readHeader(e.getValue())));
    }
    SpoolIdentity identity = decideIdentity(candidates);
    TreeMap<Long, Candidate> ordered = new TreeMap<>();
    for (Candidate c : candidates) {
      FrameCodec.Header h = c.header();
      if (h != null && h.identity() != null && !h.identity().equals(identity)) {
        LOG.warn(
            "Spool segment {} belongs to another spool ({}, this one is {}); left untouched",
            c.path(),
            h.identity(),
            identity);
        continue;
      }
      long number = h == null ? c.fileNumber() : h.number();
      if (number != c.fileNumber()) {
        LOG.warn("Spool segment file {} holds segment {}; read as such", c.path(), number);
      }
      Candidate taken = ordered.get(number);
      if (taken != null) {
        Candidate keep = taken.fileNumber() == number ? taken : c;
        Candidate other = keep == taken ? c : taken;
        LOG.warn(
            "Spool segment files {} and {} both hold segment {}; {} left untouched",
            taken.path(),
            c.path(),
            number,
            other.path());
        c = keep;
      }
      ordered.put(number, c);
    }
    TreeMap<Long, Segment> segments = new TreeMap<>();
    List<Segment> fullyAcked = new ArrayList<>();
    long pendingEvents = 0;
    long pendingBytes = 0;
    long lastNumber = -1;
    boolean prevTailDamaged = false;
    for (Map.Entry<Long, Candidate> e : ordered.entrySet()) {
      long number = e.getKey();
      Candidate c = e.getValue();
      FrameCodec.Header h = c.header();
      boolean last = e.getKey().equals(ordered.lastKey());
      DropReason boundary =
          lastNumber < 0 || number > lastNumber + 1
              ? DropReason.SEGMENT_MISSING
              : prevTailDamaged ? DropReason.CORRUPT : DropReason.SEGMENT_TRUNCATED;
      long firstOrdinal = h == null ? FrameCodec.NO_ORDINAL : h.firstOrdinal();
      gap(DiskSpool.id(number, 0), firstOrdinal, boundary, false);
      if (h != null) {
        maxSeq = Math.max(maxSeq, h.seqFloor());
      }
      int dataStart = h == null ? FrameCodec.V1_SEGMENT_HEADER_BYTES : h.length();
      long segmentPending = 0;
      long validEnd;
      boolean tornTail;
      try (FileChannel ch = ops.open(c.path(), StandardOpenOption.READ)) {
        FrameReader reader = new FrameReader(ch, number, dataStart, ch.size());
        for (BufferedEvent event = reader.next(); event != null; event = reader.next()) {
          long ordinal = reader.ordinal();
          // With a damaged header the scan starts at the shortest header length; the rest of a
          // longer header is not a lost frame.
          boolean headerOnly =
              h == null
                  && (event.id() & 0xffffffffL) == FrameCodec.SEGMENT_HEADER_BYTES
                  && ordinal != FrameCodec.NO_ORDINAL;
          boolean damaged = reader.damagedBefore() && !headerOnly;
          if (damaged
              || (ordinal != FrameCodec.NO_ORDINAL
                  && prevOrdinal != FrameCodec.NO_ORDINAL
                  && ordinal != prevOrdinal + 1)) {
            gap(event.id(), ordinal, DropReason.CORRUPT, damaged);
          }
          prevId = event.id();
          prevOrdinal = ordinal;
          maxOrdinal = Math.max(maxOrdinal, ordinal);
          maxSeq = Math.max(maxSeq, event.seq());
          sequences.merge(event.deviceId(), event.seq(), Math::max);
          if (!acks.acked(event.id())) {
            segmentPending++;
            pendingBytes += event.size();
          }
        }
        validEnd = Math.max(reader.validEnd(), dataStart);
        tornTail = reader.hasTornTail() || ch.size() < dataStart;
        prevTailDamaged = tornTail && !last && !cutShort(ch, validEnd, ch.size(), dataStart);
      }
      if (tornTail) {
        if (last) {
          LOG.info("Spool segment {}: truncating a torn tail at offset {}", c.path(), validEnd);
        } else {
          LOG.warn("Spool segment {}: damaged after offset {}", c.path(), validEnd);
        }
        truncate(c.path(), validEnd);
      }
      Segment segment = new Segment(number, c.path(), validEnd, dataStart, firstOrdinal);
      segments.put(number, segment);
      if (segmentPending == 0) {
        fullyAcked.add(segment);
      }
      pendingEvents += segmentPending;
      lastNumber = number;
    }
    // Handed out but gone: the end of the log lies before the ack state's read position.
    long readSegment = DiskSpool.segmentOf(acks.readPosition());
    long tail = acks.unfinishedBetween(prevId, Long.MAX_VALUE);
    if (tail > 0) {
      add(
          readSegment > lastNumber ? DropReason.SEGMENT_MISSING : DropReason.SEGMENT_TRUNCATED,
          tail);
    }
    // New segments must sort after every position the ack state or a file name mentions, or their
    // records would count as acknowledged (or collide with a file left untouched).
    long lastKnown = acks.readPosition() == 0 ? -1 : readSegment;
    long highestName = files.isEmpty() ? -1 : files.lastKey();
    long next = Math.max(Math.max(highestName, lastNumber), lastKnown) + 1;
    long nextOrdinal = Math.max(maxOrdinal + 1, Math.max(acks.readOrdinal(), 0));
    for (String device : sequences.keySet()) {
      maxSeq = Math.max(maxSeq, sequences.get(device));
    }
    for (Map.Entry<DropReason, Long> e : lost.entrySet()) {
      LOG.warn("Spool recovery in {}: {} event(s) lost ({})", directory, e.getValue(), e.getKey());
    }
    return new Result(
        segments,
        fullyAcked,
        pendingEvents,
        pendingBytes,
        lost,
        next,
        nextOrdinal,
        identity,
        acks,
        maxSeq);
  }

  /**
   * Counts the pending events lost between the last intact position ({@link #prevId}, {@link
   * #prevOrdinal}) and the intact position {@code highId} whose ordinal is {@code highOrdinal}.
   */
  private void gap(long highId, long highOrdinal, DropReason reason, boolean damagedBytes) {
    long count = acks.unfinishedBetween(prevId, highId);
    if (highId > acks.readPosition()) {
      long from;
      if (acks.readPosition() <= prevId) {
        from = prevOrdinal == FrameCodec.NO_ORDINAL ? FrameCodec.NO_ORDINAL : prevOrdinal + 1;
      } else if (acks.readOrdinal() == FrameCodec.NO_ORDINAL) {
        from = FrameCodec.NO_ORDINAL;
      } else {
        from =
            prevOrdinal == FrameCodec.NO_ORDINAL
                ? acks.readOrdinal()
                : Math.max(prevOrdinal + 1, acks.readOrdinal());
      }
      if (from != FrameCodec.NO_ORDINAL && highOrdinal != FrameCodec.NO_ORDINAL) {
        count += Math.max(0, highOrdinal - from);
      } else if (damagedBytes && count == 0) {
        count = 1; // ordinals unknown: at least the damaged region's one event
      }
    }
    if (count > 0) {
      add(reason, count);
    }
    prevId = highId;
    if (highOrdinal != FrameCodec.NO_ORDINAL) {
      prevOrdinal = highOrdinal - 1;
    }
  }

  private void add(DropReason reason, long count) {
    lost.merge(reason, count, Long::sum);
  }

  /**
   * The identity most segment headers carry (ties: the newest), else the ack state's, else a new
   * one. A foreign ack state is replaced by an empty one.
   */
  private SpoolIdentity decideIdentity(List<Candidate> candidates) {
    Map<SpoolIdentity, Integer> votes = new HashMap<>();
    SpoolIdentity best = null;
    int bestVotes = 0;
    for (Candidate c : candidates) {
      if (c.header() == null || c.header().identity() == null) {
        continue;
      }
      int v = votes.merge(c.header().identity(), 1, Integer::sum);
      if (v >= bestVotes) {
        best = c.header().identity();
        bestVotes = v;
      }
    }
    SpoolIdentity fromAcks = acks.identity();
    if (best == null) {
      return fromAcks != null ? fromAcks : SpoolIdentity.random();
    }
    if (fromAcks != null && !fromAcks.equals(best)) {
      LOG.warn(
          "Spool ack state in {} belongs to another spool ({}, segments say {}); ignored, so"
              + " every stored event is sent again",
          directory,
          fromAcks,
          best);
      acks = StateFiles.AckState.EMPTY;
    }
    return best;
  }

  /** Segment files by number in the name; anything else in the directory is ignored. */
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

  /**
   * The intact header of a segment, or null (torn or damaged: the frames are scanned anyway).
   *
   * @throws SpoolFormatException if the header carries a version this code does not read
   */
  private static FrameCodec.Header readHeader(Path path) throws IOException {
    byte[] header = new byte[FrameCodec.SEGMENT_HEADER_BYTES];
    int length;
    try (var in = Files.newInputStream(path)) {
      length = in.readNBytes(header, 0, header.length);
    }
    int version = FrameCodec.segmentVersion(header, length);
    if (version != FrameCodec.INVALID
        && version != FrameCodec.FORMAT_VERSION
        && version != FrameCodec.FORMAT_V1) {
      if (holdsKnownFrames(path)) {
        LOG.warn(
            "Spool segment {}: damaged header (version {}); frames read anyway", path, version);
        return null;
      }
      throw new SpoolFormatException(
          "spool segment "
              + path
              + " has format version "
              + version
              + "; this Hydrant reads versions 1 to "
              + FrameCodec.FORMAT_VERSION
              + " (files left untouched)");
    }
    return FrameCodec.parseHeader(header, length);
  }

  /**
   * Whether the bytes after {@code validEnd} are the start of a frame that the end of the file cuts
   * off (a truncated file), rather than damage.
   */
  private static boolean cutShort(FileChannel ch, long validEnd, long size, int dataStart)
      throws IOException {
    if (size < dataStart) {
      return true;
    }
    ByteBuffer b = ByteBuffer.allocate(FrameCodec.FRAME_HEADER_BYTES);
    while (b.hasRemaining()) {
      if (ch.read(b, validEnd + b.position()) <= 0) {
        break;
      }
    }
    int headerBytes =
        b.position() == 0 ? FrameCodec.INVALID : FrameCodec.frameHeaderBytes(b.get(0));
    if (headerBytes == FrameCodec.INVALID) {
      return false;
    }
    if (b.position() < 8) {
      return validEnd + b.position() == size;
    }
    int device = Short.toUnsignedInt(b.getShort(2));
    int line = b.getInt(4);
    return device > 0
        && device <= FrameCodec.MAX_DEVICE_ID_BYTES
        && line > 0
        && line <= FrameCodec.MAX_LINE_BYTES
        && validEnd + headerBytes + device + line > size;
  }

  /** Whether the file holds at least one intact frame of a version this code reads. */
  private static boolean holdsKnownFrames(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return new FrameReader(ch, 0, FrameCodec.V1_SEGMENT_HEADER_BYTES, ch.size()).next() != null;
    }
  }

  private void truncate(Path path, long size) throws IOException {
    try (FileChannel ch = ops.open(path, StandardOpenOption.WRITE)) {
      ch.truncate(size);
      ch.force(false);
    }
  }
}
