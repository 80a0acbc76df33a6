package dev.hydrant.internal.pipeline;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.hydrant.DeliveryFailure;
import dev.hydrant.DeliveryListener;
import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional dead-letter sink: appends every event that will not be delivered to {@value
 * #FILE_NAME} in a directory, one JSON line each: {@code {"failed_at": "...", "reason": "...",
 * "detail": "...", "status": 403, "request_id": "...", "event": <the event's own line>}} ({@code
 * status} and {@code request_id} are those of the last attempt that carried the event, left out
 * when there was no answer), so an operator can inspect and replay them and find the request in API
 * Gateway's access log. Stops writing (and logs once) when the file reaches its byte cap; never
 * throws into the pipeline. Called on the sender thread, or at close on a thread of its own; never
 * on two threads at once.
 *
 * <p>Dead letters hold whole events, so they are kept like the spool: where the file system is
 * POSIX, the directory is made owner-only ({@code rwx------}) and the file is created (or
 * tightened) owner-only ({@code rw-------}). The constructor checks that the file can be opened for
 * appending, so an unusable directory fails the client's build rather than every dead letter.
 */
public final class DeadLetterFile implements DeliveryListener {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterFile.class);

  /** The file's name in the configured directory: {@value}. */
  public static final String FILE_NAME = "dead-letters.ndjson";

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final long maxBytes;
  private final Clock clock;
  private boolean full;

  /**
   * Creates the directory if missing and opens (creating if missing) the file once to check it.
   *
   * @throws IOException if the directory cannot be created or made owner-only, or the file cannot
   *     be opened for appending (read-only or full file system, missing permission)
   */
  public DeadLetterFile(Path directory, long maxBytes, Clock clock) throws IOException {
    if (POSIX) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      Files.setPosixFilePermissions(directory, OWNER_DIR);
    } else {
      Files.createDirectories(directory);
    }
    this.file = directory.resolve(FILE_NAME);
    this.maxBytes = maxBytes;
    this.clock = clock;
    openForAppend().close();
    if (POSIX) {
      Files.setPosixFilePermissions(file, OWNER_FILE);
    }
  }

  private OutputStream openForAppend() throws IOException {
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    FileChannel channel =
        POSIX
            ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(OWNER_FILE))
            : FileChannel.open(file, options);
    return Channels.newOutputStream(channel);
  }

  /** Writes the events without a status or request id. */
  @Override
  public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
    onFailed(DeliveryFailure.of(reason, detail), events);
  }

  @Override
  public void onFailed(DeliveryFailure failure, List<EventRef> events) {
    if (full) {
      return;
    }
    FailureReason reason = failure.reason();
    String detail = failure.detail();
    StringBuilder prefix = new StringBuilder(128);
    prefix.append("{\"failed_at\":\"").append(Instant.ofEpochMilli(clock.millis())).append("\"");
    prefix.append(",\"reason\":\"").append(reason.name()).append("\"");
    if (detail != null) {
      prefix
          .append(",\"detail\":\"")
          .append(JsonStringEncoder.getInstance().quoteAsString(detail))
          .append("\"");
    }
    if (failure.statusCode() != 0) {
      prefix.append(",\"status\":").append(failure.statusCode());
    }
    failure
        .requestId()
        .ifPresent(
            id ->
                prefix
                    .append(",\"request_id\":\"")
                    .append(JsonStringEncoder.getInstance().quoteAsString(id))
                    .append("\""));
    prefix.append(",\"event\":");
    byte[] head = prefix.toString().getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = openForAppend()) {
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
