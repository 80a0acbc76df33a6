package dev.hydrant.internal.spool;

import dev.hydrant.SpoolWriteException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of the spool: appends frames to the active segment, rolls back failed writes,
 * rotates segments and runs group commit.
 *
 * <p>Every method must be called with the spool's lock held. Only fsync runs without it: one thread
 * (the "leader") syncs everything written so far while the others wait on {@link #synced}; that is
 * how many appenders share one fsync.
 *
 * <p>Positions {@code written} and {@code durable} count bytes appended since open, across
 * segments; an append is durable once {@code durable} has passed its end.
 */
final class SegmentWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);

  private final FileOps ops;
  private final Path directory;
  private final ReentrantLock lock;
  private final Condition synced;
  private final Condition tick;
  private final TreeMap<Long, Segment> segments;
  private final long segmentBytes;
  private final SpoolIdentity identity;
  private final LongSupplier seqFloor;
  private final boolean readAfterSync;
  private long nextNumber;
  private long nextOrdinal;
  private boolean commitIdle;
  private long commitWakeUps;
  private Segment active;
  private FileChannel channel;
  private long written;
  private long durable;
  private boolean syncing;
  private long failedUpTo = -1;
  private IOException failure;
  private long reportedFailureUpTo = -1;
  private boolean stopped;
  private Thread groupCommit;

  SegmentWriter(
      FileOps ops,
      Path directory,
      ReentrantLock lock,
      TreeMap<Long, Segment> segments,
      long segmentBytes,
      long nextNumber,
      long nextOrdinal,
      SpoolIdentity identity,
      LongSupplier seqFloor,
      boolean readAfterSync) {
    this.ops = ops;
    this.directory = directory;
    this.lock = lock;
    this.synced = lock.newCondition();
    this.tick = lock.newCondition();
    this.segments = segments;
    this.segmentBytes = segmentBytes;
    this.nextNumber = nextNumber;
    this.nextOrdinal = nextOrdinal;
    this.identity = identity;
    this.seqFloor = seqFloor;
    this.readAfterSync = readAfterSync;
  }

  /** The ordinal the next appended frame must carry. */
  long nextOrdinal() {
    return nextOrdinal;
  }

  /** How often the group-commit thread woke up (a test hook for idle wake-ups). */
  long commitWakeUps() {
    return commitWakeUps;
  }

  /** The segment being appended to, or null before the first append and after a seal. */
  Segment active() {
    return active;
  }

  /**
   * Appends one frame, starting a new segment first if the frame does not fit in the active one.
   *
   * <p>The frame is encoded only once its place is fixed: rolling to a new segment may wait for a
   * running fsync (releasing the lock, so other appends go first), and the ordinal the frame
   * carries must be the one that follows the frame written before it, as the segment header's first
   * ordinal is.
   *
   * @param frameLength the length of the encoded frame (independent of its ordinal)
   * @param encode encodes the frame with the ordinal it is given
   * @return the write position after the frame, for {@link #awaitDurable}
   * @throws SpoolWriteException if the frame could not be written; the file is truncated back to
   *     its previous size (or, if even that fails, the segment is sealed at its last good size and
   *     recovery drops the partial frame), so nothing stored before is damaged
   */
  long append(int frameLength, LongFunction<byte[]> encode) throws SpoolWriteException {
    if (failedUpTo > reportedFailureUpTo) {
      reportedFailureUpTo = failedUpTo;
      throw new SpoolWriteException(
          "spool in " + directory + " could not fsync recent appends: " + failure, failure);
    }
    while (active != null
        && active.size > active.dataStart
        && active.size + frameLength > segmentBytes) {
      if (syncing) {
        // Another append may roll (or fill) the segment meanwhile: decide again afterwards.
        synced.awaitUninterruptibly();
      } else {
        seal();
      }
    }
    if (active == null) {
      create();
    }
    byte[] frame = encode.apply(nextOrdinal);
    if (frame.length != frameLength) {
      throw new IllegalArgumentException(
          "frame of " + frame.length + " bytes, announced as " + frameLength);
    }
    long start = active.size;
    try {
      ByteBuffer buf = ByteBuffer.wrap(frame);
      long at = start;
      while (buf.hasRemaining()) {
        at += channel.write(buf, at);
      }
    } catch (IOException e) {
      try {
        channel.truncate(start);
      } catch (IOException t) {
        e.addSuppressed(t);
        closeBroken();
      }
      throw new SpoolWriteException(
          "could not append to spool segment " + active + " in " + directory + ": " + e, e);
    }
    active.size = start + frame.length;
    if (!readAfterSync) {
      active.readable = active.size;
    }
    written += frame.length;
    nextOrdinal++;
    if (commitIdle) {
      commitIdle = false;
      tick.signal();
    }
    return written;
  }

  /**
   * Returns once every byte up to {@code position} is on disk, syncing as the leader if no other
   * thread is. Not interruptible: the frame is already written, and the caller must learn whether
   * it is durable.
   *
   * @throws SpoolWriteException if the fsync covering {@code position} failed
   */
  void awaitDurable(long position) throws SpoolWriteException {
    while (durable < position) {
      if (position <= failedUpTo) {
        reportedFailureUpTo = Math.max(reportedFailureUpTo, failedUpTo);
        throw new SpoolWriteException(
            "could not fsync spool segment in " + directory + ": " + failure, failure);
      }
      if (syncing) {
        synced.awaitUninterruptibly();
      } else {
        syncOnce();
      }
    }
  }

  /** Closes the active segment: fsyncs it and stops appending to it. */
  void seal() throws SpoolWriteException {
    while (syncing) {
      synced.awaitUninterruptibly();
    }
    if (active == null) {
      return;
    }
    try {
      channel.force(false);
      channel.close();
      durable = written;
      active.readable = active.size;
    } catch (IOException e) {
      failedUpTo = written;
      failure = e;
      closeBroken();
      throw new SpoolWriteException("could not fsync spool segment " + active + ": " + e, e);
    }
    active = null;
    channel = null;
  }

  /** Starts the group-commit daemon, which fsyncs at the interval while appends are unsynced. */
  void startGroupCommit(Duration interval, String threadName) {
    groupCommit = new Thread(() -> runGroupCommit(interval.toNanos()), threadName);
    groupCommit.setDaemon(true);
    groupCommit.start();
  }

  /**
   * Stops group commit and seals the active segment. Call with the lock held; the lock is released
   * while waiting for the daemon to end.
   */
  void close() throws IOException, InterruptedException {
    stopped = true;
    tick.signalAll();
    if (groupCommit != null) {
      lock.unlock();
      try {
        groupCommit.join();
      } finally {
        lock.lock();
      }
    }
    seal();
  }

  private void runGroupCommit(long intervalNanos) {
    lock.lock();
    try {
      while (!stopped) {
        if (written > durable) {
          tick.awaitNanos(intervalNanos);
        } else {
          // Nothing to commit: sleep until an append (or close) signals, so an idle spool
          // causes no wake-ups at all.
          commitIdle = true;
          tick.await();
          commitIdle = false;
          commitWakeUps++;
          continue;
        }
        commitWakeUps++;
        if (!stopped && written > durable && !syncing) {
          syncOnce();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Fsyncs the active segment without holding the lock. Call with the lock held, not syncing. */
  private void syncOnce() {
    Segment segment = active;
    if (segment == null) {
      durable = written; // a seal already synced everything
      return;
    }
    long upTo = written;
    long sizeAtSync = segment.size;
    FileChannel ch = channel;
    syncing = true;
    lock.unlock();
    IOException error = null;
    try {
      // fdatasync: flushes the data and the file size, which reading it back needs.
      ch.force(false);
      if (!Files.exists(segment.path)) {
        error = new NoSuchFileException(segment.path + " vanished (spool directory deleted?)");
      }
    } catch (IOException e) {
      error = e;
    } finally {
      lock.lock();
      syncing = false;
      synced.signalAll();
    }
    if (error == null) {
      durable = Math.max(durable, upTo);
      segment.readable = Math.max(segment.readable, sizeAtSync);
    } else {
      LOG.warn("Spool fsync failed in {}: {}", directory, error.toString());
      failedUpTo = Math.max(failedUpTo, upTo);
      failure = error;
      if (segment == active) {
        closeBroken();
      }
    }
  }

  /** Creates the next segment: header, fsync, directory fsync. */
  private void create() throws SpoolWriteException {
    long number = nextNumber;
    Path path = directory.resolve(Segment.fileName(number));
    FileChannel ch = null;
    try {
      ch =
          ops.open(
              path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      ByteBuffer header =
          ByteBuffer.wrap(
              FrameCodec.segmentHeader(number, identity, nextOrdinal, seqFloor.getAsLong()));
      while (header.hasRemaining()) {
        ch.write(header, header.position());
      }
      ch.force(false);
      ops.syncDirectory(directory);
    } catch (IOException e) {
      closeQuietly(ch);
      try {
        ops.delete(path);
      } catch (IOException d) {
        e.addSuppressed(d);
      }
      throw new SpoolWriteException(
          "could not create spool segment " + path + " (disk full, read-only or missing?): " + e,
          e);
    }
    nextNumber = number + 1;
    active =
        new Segment(
            number,
            path,
            FrameCodec.SEGMENT_HEADER_BYTES,
            FrameCodec.SEGMENT_HEADER_BYTES,
            nextOrdinal);
    channel = ch;
    segments.put(number, active);
  }

  /** Abandons a channel that failed; its segment keeps its last good size. */
  private void closeBroken() {
    closeQuietly(channel);
    active = null;
    channel = null;
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) {
      return;
    }
    try {
      ch.close();
    } catch (IOException e) {
      LOG.debug("Ignoring close failure", e);
    }
  }
}
