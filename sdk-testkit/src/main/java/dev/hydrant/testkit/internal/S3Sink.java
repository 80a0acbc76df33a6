package dev.hydrant.testkit.internal;

import dev.hydrant.testkit.S3Buffering;
import dev.hydrant.testkit.S3Object;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulated S3 destination: per-stream buffers that become objects when they reach the buffer
 * size or age, named like Firehose's default {@code YYYY/MM/DD/HH} prefix scheme, with the
 * configured file extension. Records are concatenated with no delimiter, as they arrived (gzip
 * records make a multi-member gzip object). Thread-safe.
 */
public final class S3Sink {

  private static final DateTimeFormatter HOUR_PREFIX =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SUFFIX_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

  private final S3Buffering buffering;
  private final String prefix;
  private final String extension;
  private final Path directory;
  private final boolean keepObjects;
  private final Clock clock;
  private final Map<String, Buffer> buffers = new HashMap<>();
  private final List<S3Object> objects = new ArrayList<>();
  private final AtomicLong objectsWritten = new AtomicLong();

  private static final class Buffer {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Instant opened;

    Buffer(Instant opened) {
      this.opened = opened;
    }
  }

  /**
   * @param buffering size and age hints
   * @param prefix key prefix, e.g. {@code sales-events/}
   * @param extension appended to every key, e.g. {@code .ndjson.gz}, or empty
   * @param directory where objects are written as files ({@code <dir>/<key>}), or null for memory
   *     only
   * @param keepObjects whether to keep object contents in memory
   * @param clock wall clock for names and buffer age
   */
  public S3Sink(
      S3Buffering buffering,
      String prefix,
      String extension,
      Path directory,
      boolean keepObjects,
      Clock clock) {
    this.buffering = buffering;
    this.prefix = prefix;
    this.extension = extension;
    this.directory = directory;
    this.keepObjects = keepObjects;
    this.clock = clock;
  }

  /** Appends one record's bytes to its stream's buffer, writing an object when it is full. */
  public synchronized void append(String stream, byte[] data) {
    Buffer buffer = buffers.computeIfAbsent(stream, s -> new Buffer(clock.instant()));
    buffer.bytes.write(data, 0, data.length);
    if (buffer.bytes.size() >= buffering.sizeBytes()) {
      buffers.remove(stream);
      write(stream, buffer);
    }
  }

  /** Writes the buffers older than the buffering interval (called periodically). */
  public synchronized void flushExpired() {
    Instant now = clock.instant();
    buffers
        .entrySet()
        .removeIf(
            e -> {
              if (!e.getValue().opened.plus(buffering.interval()).isAfter(now)) {
                write(e.getKey(), e.getValue());
                return true;
              }
              return false;
            });
  }

  /** Writes every non-empty buffer now. */
  public synchronized void flushAll() {
    buffers.forEach(this::write);
    buffers.clear();
  }

  /** Objects written so far (contents empty unless kept). */
  public synchronized List<S3Object> objects() {
    return List.copyOf(objects);
  }

  /** Number of objects written. */
  public long objectsWritten() {
    return objectsWritten.get();
  }

  /** Drops buffered data and the in-memory object list (files already written stay). */
  public synchronized void clear() {
    buffers.clear();
    objects.clear();
    objectsWritten.set(0);
  }

  private void write(String stream, Buffer buffer) {
    if (buffer.bytes.size() == 0) {
      return;
    }
    String key =
        prefix
            + HOUR_PREFIX.format(buffer.opened)
            + stream
            + "-1-"
            + SUFFIX_TIME.format(buffer.opened)
            + '-'
            + UUID.randomUUID()
            + extension;
    byte[] content = buffer.bytes.toByteArray();
    if (directory != null) {
      Path file = directory.resolve(key);
      try {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write S3 object " + file, e);
      }
    }
    objectsWritten.incrementAndGet();
    if (keepObjects) {
      objects.add(new S3Object(key, content.length, content));
    }
  }
}
