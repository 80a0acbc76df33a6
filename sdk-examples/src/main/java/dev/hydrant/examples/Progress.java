package dev.hydrant.examples;

import java.io.Console;
import java.io.PrintStream;
import java.util.ArrayDeque;
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
  private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);

  /** The counters a progress line shows. */
  record Snapshot(long generated, long acknowledged, long backlog, long retries) {}

  private final PrintStream out;
  private final boolean live;
  private final Supplier<Snapshot> source;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private final ArrayDeque<long[]> window = new ArrayDeque<>();
  private int lastWidth;

  /**
   * Whether the demo talks to a terminal, so a live progress line can redraw itself. {@link
   * System#console()} alone does not tell on JDK 22-24, where it is not null for pipes either; from
   * JDK 22 on {@code Console.isTerminal()} (looked up reflectively: the code targets Java 17) does.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is for JDK 17-21; isTerminal() for 22+
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException beforeJdk22) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

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
    // The future is not needed: close() shuts the timer down.
    var unused = timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
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
    // acknowledgements come in bursts (one per request), so the rate is taken over a few seconds
    window.addLast(new long[] {now, s.acknowledged()});
    while (window.size() > 1 && now - window.peekFirst()[0] > RATE_WINDOW_NANOS) {
      window.removeFirst();
    }
    long[] oldest = window.size() > 1 ? window.peekFirst() : new long[] {startNanos, 0};
    double seconds = (now - oldest[0]) / 1e9;
    double rate = seconds > 0 ? (s.acknowledged() - oldest[1]) / seconds : 0;
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
