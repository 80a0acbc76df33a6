package dev.hydrant.internal.spool;

import dev.hydrant.DropReason;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A {@link EventBuffer.DropSink} that remembers every report. Thread-safe. */
final class RecordingDropSink implements EventBuffer.DropSink {
  private final Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
  private final List<BufferedEvent> events = new ArrayList<>();

  @Override
  public synchronized void dropped(DropReason reason, long count, List<BufferedEvent> dropped) {
    counts.merge(reason, count, Long::sum);
    events.addAll(dropped);
  }

  synchronized long count(DropReason reason) {
    return counts.getOrDefault(reason, 0L);
  }

  synchronized List<BufferedEvent> events() {
    return new ArrayList<>(events);
  }
}
