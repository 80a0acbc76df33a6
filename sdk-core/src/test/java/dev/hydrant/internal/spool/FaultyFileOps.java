package dev.hydrant.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real files with failures injected at chosen write points: a positional write that stores only
 * part of its bytes and then fails (a full disk), a failing fsync, truncate or rename. Each armed
 * fault fires once.
 */
final class FaultyFileOps implements FileOps {
  /** Bytes a failing write stores before it throws; -1 means no write fault armed. */
  final AtomicInteger partialWriteBytes = new AtomicInteger(-1);

  final AtomicBoolean failForce = new AtomicBoolean();

  /** Successful fsyncs of any channel opened through this. */
  final AtomicInteger forces = new AtomicInteger();

  final AtomicBoolean failTruncate = new AtomicBoolean();
  final AtomicBoolean failRename = new AtomicBoolean();
  final AtomicBoolean failCreate = new AtomicBoolean();

  @Override
  public FileChannel open(Path path, StandardOpenOption... options) throws IOException {
    for (StandardOpenOption o : options) {
      if (o == StandardOpenOption.CREATE_NEW && failCreate.getAndSet(false)) {
        throw new IOException("No space left on device (injected)");
      }
    }
    return new FaultyChannel(FileOps.SYSTEM.open(path, options));
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    if (failRename.getAndSet(false)) {
      throw new IOException("rename failed (injected)");
    }
    FileOps.SYSTEM.rename(from, to);
  }

  @Override
  public void delete(Path path) throws IOException {
    FileOps.SYSTEM.delete(path);
  }

  @Override
  public void syncDirectory(Path directory) throws IOException {
    FileOps.SYSTEM.syncDirectory(directory);
  }

  /** Delegates to a real channel, failing when a fault is armed. */
  private final class FaultyChannel extends FileChannel {
    private final FileChannel real;

    FaultyChannel(FileChannel real) {
      this.real = real;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      int partial = partialWriteBytes.getAndSet(-1);
      if (partial >= 0) {
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + Math.min(partial, part.remaining()));
        real.write(part, position);
        throw new IOException("No space left on device (injected)");
      }
      return real.write(src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
      if (failForce.getAndSet(false)) {
        throw new IOException("Input/output error (injected fsync failure)");
      }
      real.force(metaData);
      forces.incrementAndGet();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      if (failTruncate.getAndSet(false)) {
        throw new IOException("truncate failed (injected)");
      }
      real.truncate(size);
      return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return real.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return real.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return write(src, real.position());
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return real.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
      return real.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      real.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return real.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return real.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      return real.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return real.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return real.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return real.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return real.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      real.close();
    }
  }
}
