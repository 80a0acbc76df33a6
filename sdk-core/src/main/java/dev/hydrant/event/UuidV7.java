package dev.hydrant.event;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Generates UUIDv7 values (RFC 9562, section 5.7): 48 bits of Unix epoch milliseconds, the version
 * nibble {@code 7}, a 12-bit counter ({@code rand_a}), the variant bits {@code 10} and 62 random
 * bits.
 *
 * <p>Monotonic per generator (RFC 9562 section 6.2, method 1): the counter starts at a random value
 * below 2048 in each new millisecond and increments for every further id in that millisecond; if it
 * overflows, or if the clock steps back, the id borrows the next millisecond rather than repeat or
 * go backwards. So ids from one generator are strictly increasing and never collide, whatever the
 * clock does; ids from different devices differ in the 62 random bits.
 *
 * <p>The random bits need uniqueness, not secrecy: each thread draws from its own {@link
 * SplittableRandom} seeded once from {@link SecureRandom}, which keeps {@link #next} lock-free
 * apart from one compare-and-set.
 *
 * <p>Thread-safe.
 */
final class UuidV7 {
  /** The generator every event builder uses. */
  static final UuidV7 SHARED = create();

  private static final long VERSION_7 = 0x7000L;
  private static final long VARIANT_10 = 0x8000_0000_0000_0000L;
  private static final long COUNTER_BITS = 12;
  private static final long COUNTER_SEED_MASK = 0x7FFL;

  /** The last {@code unix_ts_ms << 12 | counter} handed out. */
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  private final LongSupplier random;

  UuidV7(LongSupplier random) {
    this.random = random;
  }

  /** A new id for the given Unix time in milliseconds (never earlier than the previous id's). */
  UUID next(long unixMillis) {
    long timeAndCounter;
    long prev;
    do {
      prev = last.get();
      long fresh = (unixMillis << COUNTER_BITS) | (random.getAsLong() & COUNTER_SEED_MASK);
      timeAndCounter =
          (prev >>> COUNTER_BITS) < unixMillis || prev == Long.MIN_VALUE ? fresh : prev + 1;
    } while (!last.compareAndSet(prev, timeAndCounter));
    long msb =
        ((timeAndCounter >>> COUNTER_BITS) << 16)
            | VERSION_7
            | (timeAndCounter & ((1L << COUNTER_BITS) - 1));
    long lsb = (random.getAsLong() >>> 2) | VARIANT_10;
    return new UUID(msb, lsb);
  }

  /** A new generator with its own state, drawing random bits as described above. */
  static UuidV7 create() {
    return new UuidV7(threadLocalRandom(new SecureRandom()));
  }

  private static LongSupplier threadLocalRandom(SecureRandom seeds) {
    ThreadLocal<SplittableRandom> perThread =
        ThreadLocal.withInitial(
            () -> {
              synchronized (seeds) {
                return new SplittableRandom(seeds.nextLong());
              }
            });
    return () -> perThread.get().nextLong();
  }
}
