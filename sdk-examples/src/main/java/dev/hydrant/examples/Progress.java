package dev.hydrant.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Shows a run's progress on stderr: on a terminal one line rewritten in place four times a second;
 * otherwise (a pipe, a log, CI) a plain line every {@value #PLAIN_INTERVAL_SECONDS} seconds.
 */
final class Progress implements AutoCloseable {
  /** Seconds between plain progress lines when stderr is not a terminal: {@value}. */
  static final int PLAIN_INTERVAL_SECONDS = 5;

  private static final long LIVE_INTERVAL_MILLIS = 250;

  /** The counters a progress line shows. */
  record Snapshot(long generated, long acknowledged, long backlog, long retries) {}

  private final PrintStream out;
  private final boolean live;
  private final Supplier<Snapshot> source;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private long lastAcknowledged;
  private long lastNanos = startNanos;
  private int lastWidth;

  Progress(PrintStream out, boolean live, Supplier<Snapshot> source) {
    this.out = out;
    this.live = live;
    this.source = source;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-progress");
              t.setDaemon(true);
              return t;
            });
    long period = live ? LIVE_INTERVAL_MILLIS : TimeUnit.SECONDS.toMillis(PLAIN_INTERVAL_SECONDS);
    timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  private synchronized void tick() {
    String line = line(source.get(), System.nanoTime());
    if (live) {
      int pad = Math.max(0, lastWidth - line.length());
      out.print("\r" + line + " ".repeat(pad));
      lastWidth = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  private String line(Snapshot s, long now) {
    double window = (now - lastNanos) / 1e9;
    double rate = window > 0 ? (s.acknowledged() - lastAcknowledged) / window : 0;
    lastAcknowledged = s.acknowledged();
    lastNanos = now;
    return String.format(
        Locale.ROOT,
        "[%5.1fs] generated %,d  acknowledged %,d  backlog %,d  rate %,.0f/s  retries %,d",
        (now - startNanos) / 1e9,
        s.generated(),
        s.acknowledged(),
        s.backlog(),
        rate,
        s.retries());
  }

  /** Stops updating; on a terminal prints the last state and ends the line. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (live) {
        tick();
        out.println();
        out.flush();
      }
    }
  }
}
