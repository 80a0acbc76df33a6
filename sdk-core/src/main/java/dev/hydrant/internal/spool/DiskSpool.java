package dev.hydrant.internal.spool;

import dev.hydrant.BufferFullException;
import dev.hydrant.BufferFullPolicy;
import dev.hydrant.ClientClosedException;
import dev.hydrant.DropReason;
import dev.hydrant.SpoolDurability;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventBuffer} kept on disk, so that accepted events survive a killed process, a power
 * loss, a full disk and damaged files. At-least-once: after a crash, events that were in flight
 * (taken, not yet acknowledged on disk) are handed out again. Every stored event that can no longer
 * be delivered is reported to the {@link EventBuffer.DropSink}, counted in events (see {@link
 * SpoolRecovery} and {@link DropReason}).
 *
 * <h2>Files (one directory, owner-only permissions {@code 700}/{@code 600} where POSIX)</h2>
 *
 * <ul>
 *   <li>{@code spool.lock}: held with {@code FileChannel.tryLock()} ({@link SpoolLock}) while open;
 *       a second opener gets {@link dev.hydrant.SpoolLockedException}.
 *   <li>{@code segment-<16 hex digits>.hsp}: append-only segment files. A new one is started when
 *       the active one would exceed {@link SpoolConfig#segmentBytes()}, and at the first append
 *       after each open. A segment is deleted once every record in it is acknowledged; when every
 *       stored event is acknowledged, the last segment is sealed and deleted too (at once after an
 *       append failed for lack of space, else once it is half full, or at close).
 *   <li>{@code acks}: the acknowledged position; {@code sequences}: the highest seq per device.
 *       Both rewritten in place in one of two slots ({@link SlotFile}), so acknowledging needs no
 *       free space and no new file.
 * </ul>
 *
 * <h2>Byte formats (version 2, big-endian; version 1 of Hydrant 0.1.0 is still read)</h2>
 *
 * <pre>
 * Segment header (52 bytes)            Frame (36 + D + L bytes), one per event
 * 0  u32 magic 0x48535047 "HSPG"       0  u8  format version (2)
 * 4  u16 format version (2)            1  u8  flags (0)
 * 6  u16 reserved (0)                  2  u16 D = device id length, UTF-8 bytes (1..1024)
 * 8  u64 segment number                4  u32 L = line length (1..1048576)
 * 16 16 bytes spool identity           8  i64 seq
 * 32 i64 ordinal of the first frame    16 i64 acceptedAtMillis
 * 40 i64 seq floor: highest seq of     24 i64 ordinal: 0, 1, 2 ... across the spool's life
 *        any device at creation        32 u32 CRC32C of bytes 0..31 and 36..end
 * 48 u32 CRC32C of bytes 0..47         36 D bytes device id, then L bytes line
 *
 * acks body (in a slot)                sequences body (in a slot)
 * 0  16 bytes spool identity           0  16 bytes spool identity
 * 16 i64 prefix                        16 u32 n, then n times: u16 D, D bytes device id, i64 seq
 * 24 i64 readPosition
 * 32 i64 ordinal at readPosition (-1 unknown)
 * 40 i64 seq floor
 * 48 u32 n, then n times i64 id
 * </pre>
 *
 * <p>Version 1 differs: a 20-byte segment header (magic, version, reserved, number, CRC), 28-byte
 * frame headers without ordinal, and state files of one copy (magic, version, reserved, the body
 * without identity, ordinal and floor, CRC). Opening a version 1 spool reads it as is; new segments
 * and the next state writes are version 2. A file of a higher version makes {@link #open} throw
 * {@link dev.hydrant.SpoolFormatException} and leaves every file untouched.
 *
 * <p>A record's id ({@link BufferedEvent#id()}) is its position: {@code segment number << 32 |
 * offset}. Acks may come out of order (partial batch failures), so {@code acks} stores the
 * contiguous acknowledged prefix (every id below {@code prefix}) plus the set beyond it in compact
 * form: every id below {@code readPosition} is acknowledged except the {@code n} listed (those
 * taken or released but not yet acknowledged). The list is bounded by what is in flight, and a
 * restart resends only those and what was never taken. {@code acks} is rewritten on every {@link
 * #ack} call; acks since the last write are resent after a crash (duplicates, never loss). If the
 * list outgrows its slot while the disk is full, a shorter state that is still true is written
 * (fewer ids count as acknowledged: resends, never loss).
 *
 * <h2>Identity and the seq rule</h2>
 *
 * <p>A random identity is chosen when a spool is created and written into every segment header and
 * state file; recovery ignores an ack state or sequences file of another spool and leaves a segment
 * of another spool untouched (both logged). A segment's number is taken from its header, so a
 * renamed file is read in its right place. Each device's seq continues after the highest seq the
 * spool recorded for it. If the {@code sequences} file is missing, damaged, foreign or older than
 * the ack state, {@link #seqFloor()} is the highest seq of any device found in the ack state, the
 * segment headers and the frames, and every device continues after it: a seq never goes backwards,
 * though it may jump forward.
 *
 * <h2>A full disk</h2>
 *
 * <p>While the file system is full, {@link #append} throws {@link dev.hydrant.SpoolWriteException}
 * (the client's {@code send} throws {@link dev.hydrant.SpoolStorageException}: the event is not
 * accepted, and the caller decides whether to keep it); nothing stored is damaged. Delivery goes
 * on, acknowledging needs no space, and every segment whose events are all acknowledged is deleted,
 * so appends work again as soon as delivery or anything else frees space, without a restart.
 * Opening writes only in place (and truncates torn tails), so a spool opens on a full disk and
 * delivers what it holds.
 *
 * <h2>Commit point and assumptions</h2>
 *
 * <p>An event is stored once its whole frame is written; it is durable once an fsync covers it (at
 * once for {@link dev.hydrant.SpoolDurability#EVERY_SEND}, within {@link
 * SpoolConfig#groupCommitInterval()} for {@link dev.hydrant.SpoolDurability#GROUP_COMMIT}). With
 * {@link dev.hydrant.SpoolDurability#EVERY_SEND} a frame is handed out only once synced; if its
 * fsync fails, {@link #append} throws and the frame is cancelled: never handed out in this run, not
 * pending, not counted as lost. The cancellation is recorded on disk only once the reader has moved
 * past the frame and the ack state is written; a crash before that hands the frame out after the
 * restart if its bytes reached the disk. Nothing relies on writes being atomic: a power cut may
 * leave a torn frame, a zero-filled tail (ext4 delayed allocation) or reordered blocks; each
 * frame's CRC32C catches that, a torn tail of the last segment is truncated on open silently (its
 * events were never handed out), and damage anywhere else is skipped by scanning for the next valid
 * frame and reported. We rely only on: {@code fdatasync} making written data and file size durable;
 * a rename over an existing file being atomic after the new file is fsynced (POSIX; ext4, f2fs and
 * ubifs honour it; used only when a state file is created or grows); a directory fsync making
 * creates, renames and deletes durable. Acknowledged data is never rewritten: segments are only
 * appended and deleted, and each state write rewrites one small slot. The state files are written
 * before any segment is deleted, so each device's seq survives even when everything was delivered.
 *
 * <h2>Threads and memory</h2>
 *
 * <p>{@link #append} may be called by many threads; every other method by one sender thread only.
 * Memory does not grow with the spool's size: the spool keeps one small entry per segment file and
 * reads records lazily through a 64 KiB window; only events in flight or released are held. With
 * {@link dev.hydrant.SpoolDurability#GROUP_COMMIT} the sync thread sleeps while nothing is waiting
 * to be committed (no wake-ups while idle).
 */
public final class DiskSpool implements EventBuffer {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);
  private static final long NO_AGE_LIMIT = 0;

  private final SpoolConfig config;
  private final BufferFullPolicy policy;
  private final DropSink dropSink;
  private final FileOps ops;
  private final LongSupplier clock;
  private final SpoolLock dirLock;
  private final StateFiles state;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final Condition room = lock.newCondition();
  private final SpoolState spool;
  private final SegmentWriter writer;
  private final long maxAgeMillis;
  private final SpoolIdentity identity;
  private final Map<DropReason, Long> recoveredLosses;
  private final long seqFloor;
  private boolean woken;
  private boolean closed;
  private boolean appendsClosed;

  /** An append failed (a full disk, typically): release a drained active segment at once. */
  private boolean starved;

  /** Events found lost while reading, already reported to the drop sink. */
  private long reportedRuntimeLost;

  private long reportedRuntimeMissing;

  /** Id of the most recent append; -1 before the first one since open. */
  private volatile long lastAppendedId = -1;

  private DiskSpool(
      SpoolConfig config,
      BufferFullPolicy policy,
      DropSink dropSink,
      FileOps ops,
      LongSupplier clock,
      SpoolLock dirLock)
      throws IOException {
    this.config = config;
    this.policy = policy;
    this.dropSink = dropSink;
    this.ops = ops;
    this.clock = clock;
    this.dirLock = dirLock;
    this.maxAgeMillis = config.maxAge().isZero() ? NO_AGE_LIMIT : config.maxAge().toMillis();
    Path dir = config.directory();
    this.state = new StateFiles(ops, dir);
    // Opening writes nothing that needs free space before the scan: on a full disk it must still
    // open and deliver what it holds.
    state.deleteTemporaries();
    StateFiles.AckState acks = state.readAcks();
    StateFiles.Sequences saved = state.readSequences();
    Map<String, Long> sequences = new HashMap<>();
    SpoolRecovery.Result found = SpoolRecovery.scan(ops, dir, acks, sequences);
    this.identity = found.identity();
    this.recoveredLosses = found.lost();
    boolean trusted = saved != null && identity.equals(saved.identity());
    if (saved != null && saved.identity() == null) {
      trusted = acks.identity() == null; // both version 1: nothing to compare
    }
    long savedMax = 0;
    if (trusted) {
      for (long seq : saved.last().values()) {
        savedMax = Math.max(savedMax, seq);
      }
      // Frames override the file only upward.
      saved.last().forEach((device, seq) -> sequences.merge(device, seq, Math::max));
    } else if (saved != null) {
      LOG.warn("Spool sequences file in {} belongs to another spool; ignored", dir);
    }
    long knownFloor = Math.max(found.maxSeq(), found.acks().seqFloor());
    this.seqFloor = !trusted || savedMax < found.acks().seqFloor() ? knownFloor : 0;
    if (seqFloor > 0) {
      LOG.warn(
          "Spool sequences in {} were missing, foreign or stale; every device continues after"
              + " seq {}",
          dir,
          seqFloor);
    }
    this.spool = new SpoolState(ops, found, sequences);
    this.writer =
        new SegmentWriter(
            ops,
            dir,
            lock,
            found.segments(),
            config.segmentBytes(),
            found.nextSegmentNumber(),
            found.nextOrdinal(),
            identity,
            () -> Math.max(spool.maxSeq(), seqFloor),
            config.durability() == SpoolDurability.EVERY_SEND);
    if (saveState(spool.ackState(writer.nextOrdinal()))) {
      for (Segment s : found.fullyAcked()) {
        ops.delete(s.path);
        found.segments().remove(s.number);
      }
    }
    this.lastAppendedId = spool.recoveredWatermark();
  }

  /**
   * Opens (creating if needed) the spool in {@code config.directory()}: takes the lock, recovers
   * the files and reports the events lost to damage to {@code dropSink}, one call per {@link
   * DropReason} ({@link DropReason#CORRUPT}, {@link DropReason#SEGMENT_TRUNCATED}, {@link
   * DropReason#SEGMENT_MISSING}) with the count in events.
   *
   * @throws dev.hydrant.SpoolLockedException if another process (or another open spool) holds the
   *     directory
   * @throws dev.hydrant.SpoolFormatException if a file has a format version this code cannot read
   *     (the files are left untouched)
   * @throws IOException if the directory cannot be created, read or locked
   */
  public static DiskSpool open(SpoolConfig config, BufferFullPolicy policy, DropSink dropSink)
      throws IOException {
    return open(config, policy, dropSink, FileOps.SYSTEM, System::currentTimeMillis);
  }

  static DiskSpool open(
      SpoolConfig config,
      BufferFullPolicy policy,
      DropSink dropSink,
      FileOps ops,
      LongSupplier clock)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(dropSink, "dropSink");
    SpoolLock dirLock = SpoolLock.acquire(ops, config.directory());
    DiskSpool spool;
    try {
      spool = new DiskSpool(config, policy, dropSink, ops, clock, dirLock);
    } catch (IOException | RuntimeException e) {
      dirLock.release();
      throw e;
    }
    if (config.durability() == SpoolDurability.GROUP_COMMIT) {
      spool.writer.startGroupCommit(config.groupCommitInterval(), "hydrant-spool-sync");
    }
    for (Map.Entry<DropReason, Long> lost : spool.recoveredLosses.entrySet()) {
      dropSink.dropped(lost.getKey(), lost.getValue(), List.of());
    }
    return spool;
  }

  /**
   * Saves the sequences and the ack state, both rewritten in place. A failure (a state file that
   * cannot be created on a full disk) is logged and returned: the caller keeps what it would have
   * deleted, and the next acknowledgement tries again.
   */
  private boolean saveState(StateFiles.AckState acks) {
    try {
      state.writeSequences(spool.liveSequences(), identity);
      state.writeAcks(acks);
      return true;
    } catch (IOException e) {
      LOG.warn("Could not save the spool state in {}: {}", config.directory(), e.toString());
      return false;
    }
  }

  /**
   * Stores one event (see {@link EventBuffer#append}). With {@link
   * dev.hydrant.SpoolDurability#EVERY_SEND} returns only once the event is on disk.
   *
   * @throws IllegalArgumentException if the device id is empty or over 1024 UTF-8 bytes, or the
   *     line is empty or over 1 MiB
   * @throws dev.hydrant.SpoolWriteException if the event could not be written or synced
   * @throws dev.hydrant.ClientClosedException if the spool is closed or closed for appends
   */
  @Override
  public boolean append(String deviceId, long seq, long acceptedAtMillis, byte[] line)
      throws IOException, InterruptedException {
    byte[] device = Objects.requireNonNull(deviceId, "deviceId").getBytes(StandardCharsets.UTF_8);
    Objects.requireNonNull(line, "line");
    if (device.length == 0 || device.length > FrameCodec.MAX_DEVICE_ID_BYTES) {
      throw new IllegalArgumentException(
          "deviceId must be 1 to 1024 UTF-8 bytes long: " + device.length);
    }
    if (line.length == 0 || line.length > FrameCodec.MAX_LINE_BYTES) {
      throw new IllegalArgumentException("line must be 1 to 1048576 bytes long: " + line.length);
    }
    int frameLength = FrameCodec.frameLength(device, line);
    List<BufferedEvent> capDrops = new ArrayList<>();
    lock.lockInterruptibly();
    try {
      checkAppendable();
      if (!makeRoom(frameLength, capDrops)) {
        return false;
      }
      long end;
      long[] ordinal = new long[1];
      try {
        // Encoded by the writer, under the lock, once the frame's place and ordinal are fixed.
        end =
            writer.append(
                frameLength,
                o -> {
                  ordinal[0] = o;
                  return FrameCodec.encode(device, seq, acceptedAtMillis, o, line);
                });
      } catch (IOException e) {
        starved = true;
        throw e;
      }
      Segment active = writer.active();
      lastAppendedId = id(active.number, active.size - frameLength);
      spool.appended(deviceId, seq, line.length);
      available.signalAll();
      if (config.durability() == SpoolDurability.EVERY_SEND) {
        try {
          writer.awaitDurable(end);
        } catch (IOException e) {
          // Refused: the frame is not readable before it is synced, so cancelling it here means
          // it is never handed out in this run and the caller may give its seq to another event.
          spool.cancel(ordinal[0], line.length);
          throw e;
        }
      }
      return true;
    } finally {
      lock.unlock();
      if (!capDrops.isEmpty()) {
        dropSink.dropped(DropReason.SPOOL_CAP, capDrops.size(), capDrops);
      }
    }
  }

  /** Applies the full policy until the frame fits under the byte cap; false means refused. */
  private boolean makeRoom(int frameLength, List<BufferedEvent> dropped)
      throws IOException, InterruptedException {
    long needed = (long) frameLength + FrameCodec.SEGMENT_HEADER_BYTES;
    if (needed > config.maxBytes()) {
      throw new IllegalArgumentException(
          "an event of "
              + frameLength
              + " bytes on disk cannot fit a spool capped at "
              + config.maxBytes()
              + " bytes");
    }
    long deadline = System.nanoTime() + policy.timeout().toNanos();
    while (spool.diskBytes() + needed > config.maxBytes()) {
      switch (policy.kind()) {
        case DROP_NEWEST:
          return false;
        case DROP_OLDEST:
          if (spool.oldestSegment() == writer.active()) {
            writer.seal();
          }
          dropped.addAll(spool.dropOldestSegment(state));
          break;
        case BLOCK:
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new BufferFullException(
                "spool "
                    + config.directory()
                    + " is at its cap of "
                    + config.maxBytes()
                    + " bytes; no room within "
                    + policy.timeout());
          }
          room.awaitNanos(left);
          checkAppendable();
          break;
      }
    }
    return true;
  }

  @Override
  public boolean awaitAvailable(int minEvents, long minBytes, long timeout, TimeUnit unit)
      throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (true) {
        if (spool.availableEvents() >= minEvents || spool.availableBytes() >= minBytes) {
          woken = false;
          return true;
        }
        if (woken || closed || nanos <= 0) {
          woken = false;
          return false;
        }
        nanos = available.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void wakeUp() {
    lock.lock();
    try {
      woken = true;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<BufferedEvent> take(int maxEvents, long maxBytes) throws IOException {
    List<BufferedEvent> aged = new ArrayList<>();
    List<BufferedEvent> taken;
    long lost;
    long missing;
    lock.lock();
    try {
      if (closed) {
        return List.of();
      }
      long cutoff =
          maxAgeMillis == NO_AGE_LIMIT ? Long.MIN_VALUE : clock.getAsLong() - maxAgeMillis;
      taken = spool.take(maxEvents, maxBytes, cutoff, aged, writer.active());
      // Counted against what was reported, not against this call: read-ahead outside take (for
      // oldestAcceptedAtMillis) can find damage too.
      lost = spool.runtimeLostEvents() - reportedRuntimeLost;
      reportedRuntimeLost += lost;
      if (lost > 0) {
        try {
          releaseIfDrained(); // the lost events may have been the last pending: no ack follows
        } catch (IOException e) {
          // Nothing is lost: the next ack or close releases it again.
          LOG.warn(
              "Could not release the drained spool segment in {}: {}",
              config.directory(),
              e.toString());
        }
      }
      missing = spool.runtimeMissingEvents() - reportedRuntimeMissing;
      reportedRuntimeMissing += missing;
    } finally {
      lock.unlock();
    }
    if (!aged.isEmpty()) {
      dropSink.dropped(DropReason.SPOOL_AGE, aged.size(), aged);
    }
    if (lost > 0) {
      dropSink.dropped(DropReason.CORRUPT, lost, List.of());
    }
    if (missing > 0) {
      dropSink.dropped(DropReason.SEGMENT_MISSING, missing, List.of());
    }
    return taken;
  }

  @Override
  public void ack(Collection<BufferedEvent> events) throws IOException {
    StateFiles.AckState acks;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      spool.ack(events);
      releaseIfDrained();
      acks = spool.ackState(writer.nextOrdinal());
    } finally {
      lock.unlock();
    }
    // File I/O outside the lock so appenders do not wait for it; only this thread writes acks.
    state.writeAcks(acks);
    List<Segment> done;
    lock.lock();
    try {
      done = spool.removeAckedSegments(segmentOf(acks.prefix()), writer.active());
    } finally {
      lock.unlock();
    }
    if (!done.isEmpty()) {
      // Before any delete: the deleted frames may hold a device's highest seq.
      state.writeSequences(spool.liveSequences(), identity);
      for (Segment s : done) {
        ops.delete(s.path);
      }
      lock.lock();
      try {
        room.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * When nothing is pending (everything delivered, or the rest lost to damage), gives the last
   * segment's space back. The active one only when an append ran out of space or it is half full,
   * as each new segment costs two fsyncs. Call with the lock held.
   */
  private void releaseIfDrained() throws IOException {
    if (spool.pendingEvents() != 0) {
      return;
    }
    Segment active = writer.active();
    if (active != null
        && (starved || active.size - active.dataStart >= config.segmentBytes() / 2)) {
      writer.seal();
      starved = false;
    }
    if (writer.active() == null) {
      spool.releaseDrained();
    }
  }

  @Override
  public void release(Collection<BufferedEvent> events) {
    lock.lock();
    try {
      spool.release(events);
      if (!events.isEmpty()) {
        available.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long lastAppendedId() {
    return lastAppendedId;
  }

  @Override
  public long lowestPendingId() {
    return locked(() -> spool.lowestPendingId());
  }

  @Override
  public long pendingEvents() {
    return locked(() -> spool.pendingEvents());
  }

  @Override
  public long pendingBytes() {
    return locked(() -> spool.pendingBytes());
  }

  @Override
  public OptionalLong oldestAcceptedAtMillis() {
    lock.lock();
    try {
      return spool.oldestAcceptedAtMillis(writer.active());
    } catch (IOException e) {
      return OptionalLong.empty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, Long> lastSequences() {
    return locked(() -> spool.sequences());
  }

  /**
   * The seq every device continues after when the sequences file was lost, damaged, foreign or
   * stale (0 when it was intact): the highest seq found in the ack state, the segment headers and
   * the frames. See {@link EventBuffer#seqFloor()}.
   */
  @Override
  public long seqFloor() {
    return seqFloor;
  }

  /** How often the group-commit thread woke up since open (a test hook for idle wake-ups). */
  long commitWakeUps() {
    return locked(writer::commitWakeUps);
  }

  @Override
  public boolean durable() {
    return true;
  }

  /** Bytes of all segment files, which {@link SpoolConfig#maxBytes()} caps. */
  public long diskBytes() {
    return locked(() -> spool.diskBytes());
  }

  /**
   * Syncs and closes the files, saves the ack state and the sequences, and releases the lock.
   * Events not acknowledged stay for the next open. Idempotent.
   */
  @Override
  public void close() throws IOException {
    StateFiles.AckState acks;
    Map<String, Long> sequences;
    List<Segment> toDelete;
    IOException failure = null;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      available.signalAll();
      room.signalAll();
      try {
        writer.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        failure = e;
      }
      List<Segment> drained = List.of();
      try {
        if (failure == null && writer.active() == null) {
          // Everything delivered: leave no segment behind (the state files keep the seqs).
          spool.releaseDrained();
        }
        acks = spool.ackState(writer.nextOrdinal());
        drained = spool.removeAckedSegments(segmentOf(acks.prefix()), null);
        spool.closeReader();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
        acks = spool.ackState(writer.nextOrdinal());
      }
      sequences = spool.sequences();
      toDelete = drained;
    } finally {
      lock.unlock();
    }
    try {
      state.writeSequences(sequences, identity);
      state.writeAcks(acks);
      for (Segment s : toDelete) {
        ops.delete(s.path);
      }
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    } finally {
      dirLock.release();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private <T> T locked(Supplier<T> read) {
    lock.lock();
    try {
      return read.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void closeForAppends() {
    lock.lock();
    try {
      appendsClosed = true;
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** None: what is stored waits on disk for the next open. */
  @Override
  public List<BufferedEvent> drainVolatile() {
    return List.of();
  }

  private void checkAppendable() {
    if (closed || appendsClosed) {
      throw new ClientClosedException("client is closed; events can no longer be sent");
    }
  }

  @Override
  public String toString() {
    return "DiskSpool{" + config.directory() + ", " + config.durability() + "}";
  }

  /** The id of the record at {@code offset} in segment {@code segment}. */
  static long id(long segment, long offset) {
    return (segment << 32) | offset;
  }

  static long segmentOf(long id) {
    return id >>> 32;
  }
}
