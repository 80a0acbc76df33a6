package dev.hydrant.internal.spool;

import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the spool tests. */
final class SpoolTesting {
  private SpoolTesting() {}

  /** A JSON line of about {@code size} bytes carrying {@code n}. */
  static byte[] line(long n, int size) {
    StringBuilder sb = new StringBuilder("{\"n\":").append(n).append(",\"pad\":\"");
    while (sb.length() < size - 3) {
      sb.append('x');
    }
    return sb.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] line(long n) {
    return line(n, 100);
  }

  /** The {@code n} carried by a line from {@link #line}. */
  static long n(BufferedEvent e) {
    String s = new String(e.line(), StandardCharsets.UTF_8);
    return Long.parseLong(s.substring(5, s.indexOf(',')));
  }

  /** Takes everything available, acking nothing. */
  static List<BufferedEvent> takeAll(EventBuffer buffer) throws IOException {
    List<BufferedEvent> all = new ArrayList<>();
    for (List<BufferedEvent> batch = buffer.take(1000, Long.MAX_VALUE);
        !batch.isEmpty();
        batch = buffer.take(1000, Long.MAX_VALUE)) {
      all.addAll(batch);
    }
    return all;
  }

  static List<Long> ns(List<BufferedEvent> events) {
    List<Long> out = new ArrayList<>();
    for (BufferedEvent e : events) {
      out.add(n(e));
    }
    return out;
  }

  static List<Long> range(long from, long toExclusive) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < toExclusive; i++) {
      out.add(i);
    }
    return out;
  }
}
