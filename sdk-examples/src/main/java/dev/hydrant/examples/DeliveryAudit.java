package dev.hydrant.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Loss audit of Firehose output as it lands in S3, read from a local copy: every regular file under
 * a directory is one object (plain or GZIP, detected by its magic bytes) holding NDJSON events.
 * Objects are read in the order of their modification time (S3's LastModified), then name.
 *
 * <p>Per device ({@code device_id}) it counts events, lost events (missing {@code seq} values
 * between the smallest and largest seen; losses before the first or after the last seen event
 * cannot be seen), duplicates (a {@code seq} seen again), out-of-order arrivals (a {@code seq}
 * below one already seen) and the first and last event {@code timestamp}. Delivery latency is the
 * object's modification time minus the event's {@code timestamp}. A line that is not a JSON object
 * with a string {@code device_id}, an integer {@code seq} and an ISO-8601 {@code timestamp} is
 * counted as unreadable, never skipped silently. Not thread-safe; one instance per audit.
 */
final class DeliveryAudit {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private final Map<String, Device> devices = new TreeMap<>();
  private final List<Long> latencies = new ArrayList<>();
  private long objects;
  private long unreadableLines;
  private final List<String> unreadableSamples = new ArrayList<>();

  /** One device's findings. */
  static final class Device {
    final String id;
    long events;
    long duplicates;
    long outOfOrder;
    long minSeq = Long.MAX_VALUE;
    long maxSeq = Long.MIN_VALUE;
    Instant first;
    Instant last;
    private final Map<Long, Integer> seen = new HashMap<>();

    Device(String id) {
      this.id = id;
    }

    void add(long seq, Instant timestamp) {
      events++;
      if (seen.merge(seq, 1, Integer::sum) > 1) {
        duplicates++;
      } else if (seq < maxSeq) {
        outOfOrder++;
      }
      minSeq = Math.min(minSeq, seq);
      maxSeq = Math.max(maxSeq, seq);
      first = first == null || timestamp.isBefore(first) ? timestamp : first;
      last = last == null || timestamp.isAfter(last) ? timestamp : last;
    }

    /** Distinct {@code seq} values seen. */
    long unique() {
      return seen.size();
    }

    /** Missing {@code seq} values between the smallest and largest seen. */
    long lost() {
      return maxSeq - minSeq + 1 - seen.size();
    }
  }

  /** Reads every object under {@code dir}. */
  static DeliveryAudit of(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new ConfigurationException("audit: " + dir + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
    Map<Path, Instant> modified = new HashMap<>();
    for (Path file : files) {
      modified.put(file, Files.getLastModifiedTime(file).toInstant());
    }
    files.sort(
        (a, b) -> {
          int byTime = modified.get(a).compareTo(modified.get(b));
          return byTime != 0 ? byTime : a.compareTo(b);
        });
    DeliveryAudit audit = new DeliveryAudit();
    for (Path file : files) {
      audit.read(file, modified.get(file));
    }
    return audit;
  }

  private void read(Path file, Instant objectTime) throws IOException {
    objects++;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(decode(raw), StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        if (!line.isBlank()) {
          event(line, objectTime, file.getFileName() + ":" + number);
        }
      }
    }
  }

  /**
   * The object's NDJSON: {@code raw} itself, or decompressed if it starts with the gzip magic
   * (every member of a multi-member file, as Firehose writes records that are gzip members). {@code
   * raw} must support mark/reset.
   */
  static InputStream decode(InputStream raw) throws IOException {
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    return b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2 ? new GZIPInputStream(raw) : raw;
  }

  private void event(String line, Instant objectTime, String where) {
    JsonNode event;
    try {
      event = MAPPER.readTree(line);
    } catch (IOException e) {
      unreadable(where, "not JSON");
      return;
    }
    JsonNode device = event.path("device_id");
    JsonNode seq = event.path("seq");
    if (!device.isTextual() || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
      unreadable(where, "no device_id or integer seq");
      return;
    }
    Instant timestamp;
    try {
      timestamp = Instant.parse(event.path("timestamp").asText());
    } catch (DateTimeParseException e) {
      unreadable(where, "no ISO-8601 timestamp");
      return;
    }
    devices.computeIfAbsent(device.asText(), Device::new).add(seq.longValue(), timestamp);
    latencies.add(Math.max(0, objectTime.toEpochMilli() - timestamp.toEpochMilli()));
  }

  private void unreadable(String where, String why) {
    unreadableLines++;
    if (unreadableSamples.size() < 5) {
      unreadableSamples.add(where + " (" + why + ")");
    }
  }

  /** Per device, by id. */
  List<Device> devices() {
    return List.copyOf(devices.values());
  }

  /** Objects (files) read. */
  long objects() {
    return objects;
  }

  /** Lines that were not events. */
  long unreadableLines() {
    return unreadableLines;
  }

  /** Up to five {@code file:line (reason)} examples of unreadable lines. */
  List<String> unreadableSamples() {
    return List.copyOf(unreadableSamples);
  }

  /** Sum of a per-device count over all devices. */
  long total(java.util.function.ToLongFunction<Device> count) {
    return devices.values().stream().mapToLong(count).sum();
  }

  /** Whether no event was lost and every line was readable. */
  boolean clean() {
    return total(Device::lost) == 0 && unreadableLines == 0;
  }

  /**
   * Delivery latency percentile in milliseconds (nearest rank), or -1 without events.
   *
   * @param percentile in (0, 100]
   */
  long latencyMillis(double percentile) {
    if (latencies.isEmpty()) {
      return -1;
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** The report as one JSON-ready map (keys in snake case, times ISO-8601). */
  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clean", clean());
    out.put("objects", objects);
    out.put("devices", devices.size());
    out.put("events", total(d -> d.events));
    out.put("events_unique", total(Device::unique));
    out.put("events_lost", total(Device::lost));
    out.put("events_duplicated", total(d -> d.duplicates));
    out.put("events_out_of_order", total(d -> d.outOfOrder));
    out.put("unreadable_lines", unreadableLines);
    out.put("latency_p50_ms", latencyMillis(50));
    out.put("latency_p99_ms", latencyMillis(99));
    out.put("latency_max_ms", latencyMillis(100));
    List<Map<String, Object>> perDevice = new ArrayList<>();
    for (Device d : devices.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("device_id", d.id);
      m.put("events", d.events);
      m.put("lost", d.lost());
      m.put("duplicates", d.duplicates);
      m.put("out_of_order", d.outOfOrder);
      m.put("first_seq", d.minSeq);
      m.put("last_seq", d.maxSeq);
      m.put("first", d.first.toString());
      m.put("last", d.last.toString());
      perDevice.add(m);
    }
    out.put("per_device", perDevice);
    return out;
  }
}
