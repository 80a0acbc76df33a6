package dev.hydrant.internal.pipeline;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.hydrant.DeliveryListener;
import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional dead-letter sink: appends every event that will not be delivered to {@value
 * #FILE_NAME} in a directory, one JSON line each: {@code {"failed_at": "...", "reason": "...",
 * "detail": "...", "event": <the event's own line>}}, so an operator can inspect and replay them.
 * Stops writing (and logs once) when the file reaches its byte cap; never throws into the pipeline.
 * Called on the sender thread only.
 */
public final class DeadLetterFile implements DeliveryListener {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterFile.class);

  /** The file's name in the configured directory: {@value}. */
  public static final String FILE_NAME = "dead-letters.ndjson";

  private final Path file;
  private final long maxBytes;
  private final Clock clock;
  private boolean full;

  public DeadLetterFile(Path directory, long maxBytes, Clock clock) throws IOException {
    Files.createDirectories(directory);
    this.file = directory.resolve(FILE_NAME);
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  @Override
  public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
    if (full) {
      return;
    }
    StringBuilder prefix = new StringBuilder(128);
    prefix.append("{\"failed_at\":\"").append(Instant.ofEpochMilli(clock.millis())).append("\"");
    prefix.append(",\"reason\":\"").append(reason.name()).append("\"");
    if (detail != null) {
      prefix
          .append(",\"detail\":\"")
          .append(JsonStringEncoder.getInstance().quoteAsString(detail))
          .append("\"");
    }
    prefix.append(",\"event\":");
    byte[] head = prefix.toString().getBytes(StandardCharsets.UTF_8);
    try (OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      long size = Files.size(file);
      for (EventRef e : events) {
        byte[] line = e.line();
        int bodyLength =
            line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        long add = head.length + bodyLength + 2L;
        if (size + add > maxBytes) {
          full = true;
          log.warn(
              "dead-letter file {} reached {} bytes; later dead letters are not written",
              file,
              maxBytes);
          return;
        }
        out.write(head);
        out.write(line, 0, bodyLength);
        out.write('}');
        out.write('\n');
        size += add;
      }
    } catch (IOException e) {
      log.warn("could not write dead letters to {}: {}", file, e.toString());
    }
  }

  @Override
  public String toString() {
    return "DeadLetterFile{" + file + ", maxBytes=" + maxBytes + "}";
  }
}
