package dev.hydrant.internal.pipeline;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code hydrant-request-N} threads. A request goes to a free thread, and a thread counts as
 * free as soon as its request is done, before it reports the answer; a new thread starts only when
 * no thread is free, up to {@code max}. A thread ends after {@code keepAliveMillis} without a
 * request. So one request at a time (a trickle of events) always runs on one thread, and an idle
 * client has none.
 *
 * <p>{@link java.util.concurrent.ThreadPoolExecutor} does not fit: below its core size it starts a
 * thread although one is idle, and with no core threads it starts one whenever the free thread has
 * not yet come back to its queue (which is the case right after it reported an answer).
 */
final class RequestThreads {
  private final int max;
  private final long keepAliveNanos;
  private final String namePrefix;
  private final Object lock = new Object();
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private int threads;
  private int free;
  private int named;
  private boolean shutdown;

  private record Job(Runnable request, Runnable report) {}

  /**
   * @param max the most threads at once, at least 1
   * @param keepAliveMillis how long a free thread waits for a request before it ends
   * @param namePrefix the threads' names without their number
   */
  RequestThreads(int max, long keepAliveMillis, String namePrefix) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    this.max = max;
    this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
    this.namePrefix = namePrefix;
  }

  /**
   * Runs {@code request} and then {@code report} on a request thread: a free one, a new one if none
   * is free and fewer than {@code max} exist, or else the first to become free. The thread is free
   * again once {@code request} returned, while it still runs {@code report}. {@code request} should
   * not throw; if it does, {@code report} still runs and then the thread ends.
   *
   * @throws RejectedExecutionException after {@link #shutdown()}
   */
  void execute(Runnable request, Runnable report) {
    synchronized (lock) {
      if (shutdown) {
        throw new RejectedExecutionException("request threads are shut down");
      }
      queue.addLast(new Job(request, report));
      try {
        startIfAllBusy();
      } catch (RuntimeException | Error e) {
        // No thread (out of memory or native threads): the request is not taken.
        queue.removeLast();
        throw e;
      }
      lock.notifyAll();
    }
  }

  /** Starts a thread when fewer are free than requests wait, if fewer than {@code max} exist. */
  private void startIfAllBusy() {
    if (free < queue.size() && threads < max) {
      Thread t = new Thread(this::work, namePrefix + ++named);
      t.setDaemon(true);
      t.start();
      threads++;
      free++;
    }
  }

  /** Lets the threads end once the queued requests are done. */
  void shutdown() {
    synchronized (lock) {
      shutdown = true;
      lock.notifyAll();
    }
  }

  /** Threads that exist now, busy or free. */
  int threads() {
    synchronized (lock) {
      return threads;
    }
  }

  private void work() {
    while (true) {
      Job job;
      synchronized (lock) {
        long deadline = System.nanoTime() + keepAliveNanos;
        while (queue.isEmpty() && !shutdown) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
          } catch (InterruptedException e) {
            // Nothing interrupts these threads on purpose: they end by keep-alive or shutdown.
            Thread.interrupted();
          }
        }
        job = queue.pollFirst();
        free--;
        if (job == null) {
          threads--;
          return;
        }
      }
      RuntimeException runtime = null;
      Error error = null;
      try {
        job.request().run();
      } catch (RuntimeException e) {
        runtime = e;
      } catch (Error e) {
        error = e;
      }
      synchronized (lock) {
        free++;
      }
      job.report().run();
      if (runtime != null || error != null) {
        // A request is not meant to throw; if one does, its thread ends with the throwable (after
        // reporting), as a pool thread would, and the next request starts another.
        synchronized (lock) {
          free--;
          threads--;
          // Requests queued for this thread get another one.
          startIfAllBusy();
          lock.notifyAll();
        }
        if (error != null) {
          throw error;
        }
        throw runtime;
      }
    }
  }
}
