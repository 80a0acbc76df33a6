package dev.hydrant.internal.pipeline;

import dev.hydrant.internal.transport.Attempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The requests in flight: each runs on a {@code hydrant-request-N} thread, because the HTTP client
 * blocks; the sender only hands requests out and settles what comes back. Request threads exist
 * only while requests are in flight: a request goes to an idle request thread when there is one, a
 * new thread starts only when every existing one is busy, and each ends {@value #KEEP_ALIVE_MILLIS}
 * ms after its last request. So an idle client has none, one request at a time (a trickle of
 * events) uses one, and there are never more than {@code maxInFlight}.
 *
 * <p>A finished request is queued for the sender and wakes it through the given callback; the
 * sender collects it with {@link #poll()}. All methods except the request bodies themselves are
 * called on the sender thread.
 */
final class Flights {
  /** How long a request thread waits for another request before it ends: {@value} ms. */
  static final long KEEP_ALIVE_MILLIS = 100;

  /**
   * A request handed out: its records, when the sender should abort it, the shared backoff's
   * generation when it started, and its attempt id ({@link AttemptEvents}).
   */
  record Flight(
      List<PendingRecord> records, long deadlineMillis, long backoffGeneration, long attemptId) {}

  /**
   * What came back: the classified attempt, or what the attempt threw instead, and how long the
   * call took on its request thread.
   */
  record Landing(Flight flight, Attempt attempt, Throwable error, long latencyNanos) {}

  private final RequestThreads threads;
  private final Queue<Landing> landed = new ConcurrentLinkedQueue<>();
  private final Runnable wake;
  private final List<Flight> open = new ArrayList<>();
  private final Object signal = new Object();
  private boolean signalled;

  /**
   * @param maxInFlight the most requests at once, at least 1
   * @param wake called (on the request thread) after a request landed
   */
  Flights(int maxInFlight, Runnable wake) {
    this.wake = wake;
    this.threads = new RequestThreads(maxInFlight, KEEP_ALIVE_MILLIS, "hydrant-request-");
  }

  /** Starts {@code call} for {@code flight} on a request thread. */
  void launch(Flight flight, Supplier<Attempt> call) {
    open.add(flight);
    try {
      execute(flight, call);
    } catch (RuntimeException | Error e) {
      open.remove(flight);
      throw e;
    }
  }

  private void execute(Flight flight, Supplier<Attempt> call) {
    Landing[] result = new Landing[1];
    threads.execute(
        () -> {
          long start = System.nanoTime();
          try {
            Attempt attempt = call.get();
            result[0] = new Landing(flight, attempt, null, System.nanoTime() - start);
          } catch (Throwable t) {
            result[0] = new Landing(flight, null, t, System.nanoTime() - start);
          }
        },
        () -> {
          // Reported after the thread counts as free: the request the sender starts next on
          // hearing of it goes to this thread.
          landed.add(result[0]);
          signal();
          wake.run();
        });
  }

  /** The next landed request, or {@code null}. */
  Landing poll() {
    Landing l = landed.poll();
    if (l != null) {
      open.remove(l.flight());
    }
    return l;
  }

  boolean hasLanded() {
    return !landed.isEmpty();
  }

  /** Requests handed out and not yet collected by {@link #poll()}. */
  int count() {
    return open.size();
  }

  /** The earliest deadline among the open requests, {@link Long#MAX_VALUE} if none. */
  long earliestDeadlineMillis() {
    long min = Long.MAX_VALUE;
    for (Flight f : open) {
      min = Math.min(min, f.deadlineMillis());
    }
    return min;
  }

  /** The records of every open request (for settling them when the sender stops). */
  List<PendingRecord> openRecords() {
    List<PendingRecord> all = new ArrayList<>();
    for (Flight f : open) {
      all.addAll(f.records());
    }
    return all;
  }

  /** The open requests, in the order they were handed out. */
  List<Flight> openFlights() {
    return List.copyOf(open);
  }

  /** Forgets the open requests (the sender settled their records another way). */
  void abandonOpen() {
    open.clear();
  }

  /** Wakes {@link #await}. Any thread. */
  void signal() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  /** Waits up to {@code millis} for a landing or a {@link #signal()}. */
  void await(long millis) throws InterruptedException {
    synchronized (signal) {
      long capped = Math.min(Math.max(0, millis), TimeUnit.DAYS.toMillis(1));
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(capped);
      while (!signalled && landed.isEmpty()) {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
          break;
        }
        signal.wait(left);
      }
      signalled = false;
    }
  }

  /** Lets request threads end; running requests finish (the transport aborts them on close). */
  void shutdown() {
    threads.shutdown();
  }
}
