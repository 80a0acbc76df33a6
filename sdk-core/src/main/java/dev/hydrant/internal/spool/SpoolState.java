package dev.hydrant.internal.spool;

import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventsById;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

/**
 * The read side and bookkeeping of a {@link DiskSpool}: the segments, the reader's position, the
 * events in flight or released, the counters and the per-device sequences. Not thread-safe: every
 * method is called with the spool's lock held.
 *
 * <p>An event is read from disk once, when it is first taken; events in flight stay referenced only
 * until acked, and released ones are kept to be handed out again (both bounded by what the sender
 * holds).
 */
final class SpoolState {
  private final FileOps ops;
  private final TreeMap<Long, Segment> segments;
  private final Map<String, Long> sequences;
  private final StateFiles.AckState recovered;

  /** Ids below {@code recovered.readPosition()} still unacknowledged before the restart. */
  private final TreeSet<Long> recoveredUnfinished = new TreeSet<>();

  /** Handed out and not yet acked or released (id order; no per-event allocation). */
  private final EventsById inFlight = new EventsById();

  /** Released, to be handed out again before anything read from disk. */
  private final EventsById released = new EventsById();

  private final long firstNewSegment;
  private final SpoolIdentity identity;
  private long pendingEvents;
  private long pendingBytes;
  private long runtimeLostEvents;
  private long runtimeMissingEvents;
  private long readerNumber;
  private FileChannel readerChannel;
  private FrameReader frames;
  private long framesNextOrdinal = FrameCodec.NO_ORDINAL;
  private BufferedEvent lookahead;
  private long lookaheadOrdinal = FrameCodec.NO_ORDINAL;
  private long maxSeq;

  /** Ordinals of frames written but refused (their fsync failed): never to be handed out. */
  private final TreeSet<Long> cancelled = new TreeSet<>();

  /** Ordinal of the record {@link #nextFromDisk} returned last. */
  private long lastReadOrdinal = FrameCodec.NO_ORDINAL;

  SpoolState(FileOps ops, SpoolRecovery.Result found, Map<String, Long> sequences) {
    this.ops = ops;
    this.segments = found.segments();
    this.sequences = new ConcurrentHashMap<>(sequences);
    this.recovered = found.acks();
    for (long id : recovered.unfinished()) {
      recoveredUnfinished.add(id);
    }
    this.firstNewSegment = found.nextSegmentNumber();
    this.identity = found.identity();
    this.maxSeq = found.maxSeq();
    this.pendingEvents = found.pendingEvents();
    this.pendingBytes = found.pendingBytes();
    this.readerNumber = segments.isEmpty() ? firstNewSegment : segments.firstKey();
  }

  /** Events found lost (damage in segments written since open) while reading, so far. */
  long runtimeLostEvents() {
    return runtimeLostEvents;
  }

  /** Events lost with segment files deleted while the spool was open, so far. */
  long runtimeMissingEvents() {
    return runtimeMissingEvents;
  }

  void appended(String deviceId, long seq, int lineLength) {
    pendingEvents++;
    pendingBytes += lineLength;
    sequences.merge(deviceId, seq, Math::max);
    maxSeq = Math.max(maxSeq, seq);
  }

  /**
   * Takes back an appended frame whose append was refused (its fsync failed) before any reader
   * could see it: no longer pending, skipped if read, and not counted as lost where it is missing.
   */
  void cancel(long ordinal, int lineLength) {
    pendingEvents--;
    pendingBytes -= lineLength;
    cancelled.add(ordinal);
  }

  /**
   * How many of the ordinals in {@code [from, to)} are not cancelled; forgets the cancelled ones
   * below {@code to}, which the reader is past.
   */
  private long uncancelled(long from, long to) {
    long gone = cancelled.subSet(from, to).size();
    cancelled.headSet(to).clear();
    return to - from - gone;
  }

  /** The highest seq of any device seen: the floor persisted for when sequences are lost. */
  long maxSeq() {
    return maxSeq;
  }

  /**
   * When every stored event is acknowledged, moves the reader past the last segment, which the
   * caller has sealed (or which was recovered), so that it is deleted like any other: a full disk
   * gets all its space back and the next append starts a new segment.
   */
  void releaseDrained() throws IOException {
    if (pendingEvents != 0 || lookahead != null || segments.isEmpty()) {
      return;
    }
    long last = segments.lastKey();
    if (readerNumber <= last) {
      closeReader();
      readerNumber = last + 1;
    }
  }

  long pendingEvents() {
    return pendingEvents;
  }

  long pendingBytes() {
    return pendingBytes;
  }

  long availableEvents() {
    return pendingEvents - inFlight.size();
  }

  /**
   * Bytes of the events not in flight. Events lost to damage leave their (unknown) sizes in {@link
   * #pendingBytes} until nothing is pending, so with no event available this is 0.
   */
  long availableBytes() {
    return availableEvents() <= 0 ? 0 : pendingBytes - inFlight.bytes();
  }

  long diskBytes() {
    long total = 0;
    for (Segment s : segments.values()) {
      total += s.size;
    }
    return total;
  }

  Segment oldestSegment() {
    return segments.isEmpty() ? null : segments.firstEntry().getValue();
  }

  /** A copy of the highest seq per device. */
  Map<String, Long> sequences() {
    return new HashMap<>(sequences);
  }

  /** The live map (concurrent), for {@link StateFiles#writeSequences} to snapshot. */
  Map<String, Long> liveSequences() {
    return sequences;
  }

  /**
   * Hands out released events first, then events read from disk, up to the limits (at least one if
   * any). Events accepted before {@code cutoffMillis} are not handed out but added to {@code aged}
   * and finished.
   */
  List<BufferedEvent> take(
      int maxEvents, long maxBytes, long cutoffMillis, List<BufferedEvent> aged, Segment active)
      throws IOException {
    List<BufferedEvent> out = new ArrayList<>();
    long bytes = 0;
    while (out.size() < maxEvents) {
      boolean fromReleased = !released.isEmpty();
      BufferedEvent e;
      try {
        e = fromReleased ? released.first() : nextFromDisk(active);
      } catch (IOException readFailed) {
        if (out.isEmpty()) {
          throw readFailed;
        }
        // Those already taken are in flight: hand them out rather than strand them there.
        break;
      }
      if (e == null) {
        break;
      }
      if (!fromReleased && e.acceptedAtMillis() < cutoffMillis) {
        aged.add(e);
        finished(e);
        continue;
      }
      if (!out.isEmpty() && bytes + e.size() > maxBytes) {
        if (!fromReleased) {
          lookahead = e; // read but not handed out: the next take starts with it
          lookaheadOrdinal = lastReadOrdinal;
        }
        break;
      }
      if (fromReleased) {
        released.pollFirst();
      }
      inFlight.add(e);
      bytes += e.size();
      out.add(e);
    }
    return out;
  }

  void ack(Collection<BufferedEvent> events) {
    for (BufferedEvent e : events) {
      BufferedEvent held = inFlight.remove(e.id());
      if (held != null) {
        finished(held);
      } else if (released.remove(e.id()) != null) {
        finished(e);
      }
    }
  }

  void release(Collection<BufferedEvent> events) {
    for (BufferedEvent e : events) {
      BufferedEvent held = inFlight.remove(e.id());
      if (held != null) {
        released.add(held);
      }
    }
  }

  /** An id at or above every record already on disk, below any later append; -1 if none. */
  long recoveredWatermark() {
    if (segments.isEmpty()) {
      return -1;
    }
    Segment last = segments.lastEntry().getValue();
    return DiskSpool.id(last.number, Math.max(0, last.size - 1));
  }

  /** The smallest id not yet acked (in flight, released or unread), or MAX_VALUE if none. */
  long lowestPendingId() {
    if (pendingEvents == 0) {
      return Long.MAX_VALUE;
    }
    long lowest = readPosition();
    return Math.min(lowest, Math.min(inFlight.firstId(), released.firstId()));
  }

  /**
   * The state to persist: see the {@code acks} format on {@link DiskSpool}.
   *
   * @param nextOrdinal the ordinal the next append will carry
   */
  StateFiles.AckState ackState(long nextOrdinal) {
    long read = readPosition();
    long prefix = read;
    long readOrdinal = readOrdinal(nextOrdinal);
    if (recovered.readPosition() > read) {
      // Not yet read past what the previous run had handed out: its state still holds there.
      read = recovered.readPosition();
      readOrdinal = recovered.readOrdinal();
    }
    prefix = Math.min(prefix, Math.min(inFlight.firstId(), released.firstId()));
    long[] unfinished =
        LongStream.concat(
                LongStream.concat(inFlight.ids(), released.ids()),
                recoveredUnfinished.stream().mapToLong(Long::longValue))
            .sorted()
            .distinct()
            .toArray();
    return new StateFiles.AckState(prefix, read, unfinished, readOrdinal, maxSeq, identity);
  }

  /** Removes from the index, and returns, the segments wholly below {@code prefixSegment}. */
  List<Segment> removeAckedSegments(long prefixSegment, Segment active) {
    List<Segment> done = new ArrayList<>();
    while (!segments.isEmpty()
        && segments.firstKey() < prefixSegment
        && segments.firstKey() < readerNumber
        && segments.firstEntry().getValue() != active) {
      done.add(segments.pollFirstEntry().getValue());
    }
    return done;
  }

  /**
   * Drops the oldest (sealed) segment: its pending events not in flight are finished and returned
   * for the drop report; events in flight stay with the sender. The caller has sealed it.
   */
  List<BufferedEvent> dropOldestSegment(StateFiles stateFiles) throws IOException {
    Segment victim = segments.firstEntry().getValue();
    long read = readPosition();
    if (readerNumber == victim.number) {
      closeReader();
      readerNumber = victim.number + 1;
      framesNextOrdinal = FrameCodec.NO_ORDINAL; // the jump to the next segment is no damage
    }
    if (lookahead != null && DiskSpool.segmentOf(lookahead.id()) == victim.number) {
      lookahead = null;
    }
    List<BufferedEvent> dropped = new ArrayList<>();
    try (FileChannel ch = ops.open(victim.path, StandardOpenOption.READ)) {
      FrameReader reader = new FrameReader(ch, victim.number, victim.dataStart, victim.size);
      for (BufferedEvent e = reader.next(); e != null; e = reader.next()) {
        if (reader.ordinal() != FrameCodec.NO_ORDINAL && cancelled.remove(reader.ordinal())) {
          continue; // refused when written: not pending
        }
        long id = e.id();
        boolean pending;
        if (inFlight.contains(id)) {
          pending = false;
        } else if (released.remove(id) != null) {
          pending = true;
        } else if (id >= read) {
          pending = id >= recovered.readPosition() || recoveredUnfinished.remove(id);
        } else {
          pending = false;
        }
        if (pending) {
          dropped.add(e);
          finished(e);
        }
      }
    }
    recoveredUnfinished.headSet(DiskSpool.id(victim.number + 1, 0)).clear();
    segments.remove(victim.number);
    stateFiles.writeSequences(liveSequences(), identity);
    ops.delete(victim.path);
    return dropped;
  }

  OptionalLong oldestAcceptedAtMillis(Segment active) throws IOException {
    long oldest = Long.MAX_VALUE;
    if (!inFlight.isEmpty()) {
      oldest = inFlight.first().acceptedAtMillis();
    }
    if (!released.isEmpty()) {
      oldest = Math.min(oldest, released.first().acceptedAtMillis());
    }
    if (lookahead == null) {
      lookahead = nextFromDisk(active);
      lookaheadOrdinal = lastReadOrdinal;
    }
    if (lookahead != null) {
      oldest = Math.min(oldest, lookahead.acceptedAtMillis());
    }
    return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
  }

  void closeReader() throws IOException {
    if (readerChannel != null) {
      readerChannel.close();
    }
    readerChannel = null;
    frames = null;
  }

  /** The ordinal of the record at {@link #readPosition()}, or {@link FrameCodec#NO_ORDINAL}. */
  private long readOrdinal(long nextOrdinal) {
    if (lookahead != null) {
      return lookaheadOrdinal;
    }
    if (frames != null) {
      return framesNextOrdinal;
    }
    Map.Entry<Long, Segment> next = segments.ceilingEntry(readerNumber);
    return next == null ? nextOrdinal : next.getValue().firstOrdinal;
  }

  /** The position of the next record not yet handed out. */
  private long readPosition() {
    if (lookahead != null) {
      return lookahead.id();
    }
    return DiskSpool.id(readerNumber, frames == null ? 0 : frames.position());
  }

  /**
   * Events of segments written since open found lost while reading (an ordinal jump): reported as
   * dropped, so no longer pending. At most the unread pending events other than {@code reading}
   * (frames read but not yet counted out), so the pending count never goes below what is still
   * held.
   */
  private void lost(long events, int reading) {
    long count = Math.min(events, pendingEvents - inFlight.size() - released.size() - reading);
    if (count <= 0) {
      return;
    }
    runtimeLostEvents += count;
    pendingEvents -= count;
    if (pendingEvents == 0) {
      pendingBytes = 0; // the lost events' sizes are unknown; with none left there are no bytes
    }
  }

  private void finished(BufferedEvent e) {
    pendingEvents--;
    // Events lost to damage leave their unknown sizes behind; with none pending there are no bytes.
    pendingBytes = pendingEvents == 0 ? 0 : pendingBytes - e.size();
  }

  /** The next pending record on disk, skipping those acknowledged before a restart. */
  private BufferedEvent nextFromDisk(Segment active) throws IOException {
    if (lookahead != null) {
      BufferedEvent e = lookahead;
      lastReadOrdinal = lookaheadOrdinal;
      lookahead = null;
      return e;
    }
    while (true) {
      if (frames == null) {
        Map.Entry<Long, Segment> next = segments.ceilingEntry(readerNumber);
        if (next == null) {
          return null;
        }
        Segment s = next.getValue();
        // Segments written since open: a jump in ordinals is damage found at run time (recovery
        // already counted what it found in older ones).
        if (s.number >= firstNewSegment
            && framesNextOrdinal != FrameCodec.NO_ORDINAL
            && s.firstOrdinal > framesNextOrdinal) {
          lost(uncancelled(framesNextOrdinal, s.firstOrdinal), 0);
        }
        readerNumber = s.number;
        try {
          readerChannel = ops.open(s.path, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
          Map.Entry<Long, Segment> after = segments.higherEntry(s.number);
          if (s == active
              || after == null
              || s.firstOrdinal == FrameCodec.NO_ORDINAL
              || after.getValue().firstOrdinal == FrameCodec.NO_ORDINAL
              || recovered.readPosition() > DiskSpool.id(s.number, 0)) {
            throw gone;
          }
          // Deleted under the running spool, before any of it was read or acked: every frame in it
          // is lost. Failing every take instead would stop delivery for good.
          segments.remove(s.number);
          // At most what is pending and unread (recovery may have counted damage in it already).
          long frames =
              Math.min(
                  uncancelled(s.firstOrdinal, after.getValue().firstOrdinal),
                  pendingEvents - inFlight.size() - released.size());
          runtimeMissingEvents += frames;
          pendingEvents -= frames;
          if (pendingEvents == 0) {
            pendingBytes = 0;
          }
          framesNextOrdinal = after.getValue().firstOrdinal;
          continue;
        }
        frames = new FrameReader(readerChannel, s.number, s.dataStart, s.readable);
        framesNextOrdinal = s.firstOrdinal;
        recoveredUnfinished.headSet(DiskSpool.id(s.number, 0)).clear();
      }
      Segment current = segments.get(readerNumber);
      frames.limit(current.readable);
      BufferedEvent e = frames.next();
      if (e == null) {
        if (current == active || segments.higherKey(readerNumber) == null) {
          return null;
        }
        long expected = framesNextOrdinal;
        closeReader();
        framesNextOrdinal = expected;
        readerNumber = segments.higherKey(readerNumber);
        continue;
      }
      long ordinal = frames.ordinal();
      if (readerNumber >= firstNewSegment
          && ordinal != FrameCodec.NO_ORDINAL
          && framesNextOrdinal != FrameCodec.NO_ORDINAL
          && ordinal > framesNextOrdinal) {
        lost(uncancelled(framesNextOrdinal, ordinal), 1);
      }
      framesNextOrdinal = ordinal == FrameCodec.NO_ORDINAL ? ordinal : ordinal + 1;
      if (ordinal != FrameCodec.NO_ORDINAL && cancelled.remove(ordinal)) {
        continue; // refused when written: never handed out
      }
      lastReadOrdinal = ordinal;
      long id = e.id();
      if (id < recovered.readPosition()) {
        boolean unfinished = recoveredUnfinished.remove(id);
        recoveredUnfinished.headSet(id).clear();
        if (!unfinished) {
          continue; // acknowledged before the restart
        }
      }
      return e;
    }
  }
}
