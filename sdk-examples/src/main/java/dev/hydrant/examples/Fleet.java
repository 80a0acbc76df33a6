package dev.hydrant.examples;

import dev.hydrant.event.TelemetryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fleet of simulated {@link SetTopBox}es. Each {@link #next} picks a box at random and advances
 * it, so the fleet's events interleave the way a real fleet's arrive. Deterministic for a seed. Not
 * thread-safe.
 */
final class Fleet {
  /** Most boxes a fleet may have: {@value}. */
  static final int MAX_DEVICES = 1_000_000;

  private final Random random;
  private final List<SetTopBox> boxes;

  /**
   * @throws IllegalArgumentException if {@code devices} is not in 1..{@value #MAX_DEVICES}
   */
  Fleet(int devices, long seed, Instant now) {
    if (devices < 1 || devices > MAX_DEVICES) {
      throw new IllegalArgumentException(
          "devices must be in 1.." + MAX_DEVICES + ", got " + devices);
    }
    this.random = new Random(seed);
    this.boxes = new ArrayList<>(devices);
    for (int i = 0; i < devices; i++) {
      boxes.add(new SetTopBox(i + 1, random, now));
    }
  }

  /** How many boxes the fleet has. */
  int size() {
    return boxes.size();
  }

  /** The boxes, in device-id order. */
  List<SetTopBox> boxes() {
    return List.copyOf(boxes);
  }

  /** The next event of a randomly chosen box, timestamped {@code now}. */
  TelemetryEvent next(Instant now) {
    return boxes.get(random.nextInt(boxes.size())).next(now);
  }
}
