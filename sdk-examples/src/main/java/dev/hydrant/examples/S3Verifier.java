package dev.hydrant.examples;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Reads back what the emulated S3 destination wrote (one file per object, each a concatenation of
 * NDJSON event lines, or of gzip members holding them when the client compresses) and matches the
 * lines' {@code event_id}s against the events the producer had accepted: the end-to-end proof that
 * nothing was lost.
 */
final class S3Verifier {
  private static final String PREFIX = "{\"event_id\":\"";
  private static final int UUID_LENGTH = 36;

  /**
   * The outcome of a read-back.
   *
   * @param verified accepted events found at least once
   * @param missing accepted events not found
   * @param duplicated extra copies of accepted events (at-least-once delivery after a retry)
   * @param unexpected lines whose event was not accepted in this run (a spool's leftovers from an
   *     earlier run) or that carry no {@code event_id}
   * @param objects S3 objects read
   * @param lines event lines read
   */
  record Verification(
      long verified, long missing, long duplicated, long unexpected, long objects, long lines) {}

  private S3Verifier() {}

  /**
   * Matches every line of every file under {@code directory} against {@code accepted}.
   *
   * @throws IOException if a file cannot be read
   */
  static Verification verify(Path directory, List<UUID> accepted) throws IOException {
    Map<UUID, int[]> seen = new HashMap<>(accepted.size() * 2);
    for (UUID id : accepted) {
      seen.put(id, new int[1]);
    }
    long objects = 0;
    long lines = 0;
    long unexpected = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      objects++;
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  DeliveryAudit.decode(new BufferedInputStream(Files.newInputStream(file))),
                  StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isEmpty()) {
            continue;
          }
          lines++;
          UUID id = eventId(line);
          int[] count = id == null ? null : seen.get(id);
          if (count == null) {
            unexpected++;
          } else {
            count[0]++;
          }
        }
      }
    }
    long verified = 0;
    long missing = 0;
    long duplicated = 0;
    for (int[] count : seen.values()) {
      if (count[0] == 0) {
        missing++;
      } else {
        verified++;
        duplicated += count[0] - 1;
      }
    }
    return new Verification(verified, missing, duplicated, unexpected, objects, lines);
  }

  /** The {@code event_id} Hydrant writes first on every line, or null if there is none. */
  static UUID eventId(String line) {
    if (!line.startsWith(PREFIX) || line.length() < PREFIX.length() + UUID_LENGTH) {
      return null;
    }
    try {
      return UUID.fromString(line.substring(PREFIX.length(), PREFIX.length() + UUID_LENGTH));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
