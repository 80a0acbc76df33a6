package dev.hydrant.internal.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EventsByIdTest {
  private static BufferedEvent event(long id) {
    return new BufferedEvent(id, "d", id, 1000 + id, new byte[(int) (id % 7) + 1]);
  }

  private static void assertSameAs(
      TreeMap<Long, BufferedEvent> model, EventsById set, String step) {
    assertEquals(model.size(), set.size(), step);
    assertEquals(model.values().stream().mapToLong(BufferedEvent::size).sum(), set.bytes(), step);
    assertEquals(model.isEmpty() ? Long.MAX_VALUE : model.firstKey(), set.firstId(), step);
    assertSame(model.isEmpty() ? null : model.firstEntry().getValue(), set.first(), step);
  }

  @Test
  void behavesLikeASortedMapUnderRandomTakesAcksAndReleases() {
    for (long seed = 1; seed <= 8; seed++) {
      Random random = new Random(seed);
      TreeMap<Long, BufferedEvent> model = new TreeMap<>();
      EventsById set = new EventsById();
      long nextId = 0;
      List<Long> released = new ArrayList<>();
      for (int step = 0; step < 2000; step++) {
        String at = "seed " + seed + " step " + step;
        int op = random.nextInt(10);
        if (op < 4) {
          // A take: a run of new ids, or ids released earlier (below the highest held).
          int n = 1 + random.nextInt(20);
          for (int i = 0; i < n; i++) {
            long id =
                !released.isEmpty() && random.nextBoolean()
                    ? released.remove(random.nextInt(released.size()))
                    : nextId++;
            BufferedEvent e = event(id);
            set.add(e);
            model.put(id, e);
          }
        } else if (op < 8 && !model.isEmpty()) {
          // An ack of a run of neighbours, somewhere.
          List<Long> ids = new ArrayList<>(model.keySet());
          int from = random.nextInt(ids.size());
          int to = Math.min(ids.size(), from + 1 + random.nextInt(10));
          for (long id : ids.subList(from, to)) {
            assertSame(model.remove(id), set.remove(id), at);
          }
        } else if (op < 9 && !model.isEmpty()) {
          // A release of scattered ids.
          List<Long> ids = new ArrayList<>(model.keySet());
          for (int i = 0; i < 3 && !ids.isEmpty(); i++) {
            long id = ids.remove(random.nextInt(ids.size()));
            assertSame(model.remove(id), set.remove(id), at);
            released.add(id);
          }
        } else {
          long absent = nextId + 5;
          assertNull(set.remove(absent), at);
          if (!released.isEmpty()) {
            assertNull(set.remove(released.get(0)), at);
          }
        }
        assertSameAs(model, set, at);
      }
      assertEquals(new ArrayList<>(model.values()), set.toList(), "seed " + seed);
      assertEquals(
          model.keySet().stream().mapToLong(Long::longValue).boxed().toList(),
          set.ids().boxed().toList(),
          "seed " + seed);
    }
  }

  @Test
  void pollFirstAndClearEmptyItInOrder() {
    EventsById set = new EventsById();
    for (long id : new long[] {5, 9, 2, 7, 1}) {
      set.add(event(id));
    }
    set.remove(7);
    List<Long> polled = new ArrayList<>();
    for (BufferedEvent e = set.pollFirst(); e != null; e = set.pollFirst()) {
      polled.add(e.id());
    }
    assertEquals(List.of(1L, 2L, 5L, 9L), polled);
    assertEquals(Long.MAX_VALUE, set.firstId());

    set.add(event(3));
    set.add(event(4));
    set.clear();
    assertEquals(0, set.size());
    assertEquals(0, set.bytes());
    assertNull(set.first());
  }

  @Test
  void addingAnIdHeldReplacesItsEvent() {
    EventsById set = new EventsById();
    set.add(event(1));
    set.add(event(2));
    BufferedEvent again = event(1);
    set.add(again);
    assertEquals(2, set.size());
    assertEquals(event(1).size() + event(2).size(), set.bytes());
    assertSame(again, set.remove(1));
    assertEquals(Map.of(2L, 2L), Map.of(set.firstId(), set.first().seq()));
  }
}
