package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;
import dev.hydrant.Route;
import dev.hydrant.internal.transport.Attempt.Entry;
import dev.hydrant.internal.transport.Attempt.Outcome;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Delivers records through a {@link ProxyTransport}, retrying what is retryable. The retry
 * decisions (attempt count, wait) come from a resilience4j {@link Retry} driven through its
 * asynchronous context, so that the waiting itself uses the injected {@link Sleeper} and never
 * crosses the caller's deadline.
 *
 * <ul>
 *   <li>Backoff: full jitter, {@code random(0, min(maxBackoff, initialBackoff * 2^(n-1)))} before
 *       retry {@code n}; a {@code Retry-After} replaces it, capped at {@link
 *       RetrySettings#maxRetryAfter()}.
 *   <li>A partial batch resends only its failed, retryable entries; entries with a fatal error code
 *       fail at once.
 *   <li>A 413 on a multi-record batch splits it in halves, each delivered on its own; on one record
 *       it is final ({@link FailureReason#PAYLOAD_TOO_LARGE}).
 *   <li>An empty or unparseable 200 may mean the write happened: it is retried at most {@value
 *       #MAX_AMBIGUOUS_ANSWERS} times, then reported as {@link FailureReason#UNEXPECTED_RESPONSE}.
 * </ul>
 *
 * <p>{@link #deliver} retries one group of records on the calling thread until each has its end;
 * the client's engine instead runs single attempts ({@link #send}) and keeps retry state per record
 * itself. {@link #send} is thread-safe; the other methods are meant for one thread.
 */
public final class RecordDelivery {
  /** How many ambiguous answers (200 without a usable body) a group accepts: {@value}. */
  public static final int MAX_AMBIGUOUS_ANSWERS = 3;

  private final ProxyTransport transport;
  private final RetrySettings settings;
  private final DeliveryObserver observer;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;
  private final Retry retry;

  public RecordDelivery(
      ProxyTransport transport, RetrySettings settings, DeliveryObserver observer) {
    this(transport, settings, observer, Clock.systemUTC());
  }

  /**
   * Same, measuring deadlines with {@code clock} (the client's configured clock, so that event
   * deadlines computed with it are compared on the same time line).
   */
  public RecordDelivery(
      ProxyTransport transport, RetrySettings settings, DeliveryObserver observer, Clock clock) {
    this(
        transport,
        settings,
        observer,
        clock,
        Sleeper.SYSTEM,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  RecordDelivery(
      ProxyTransport transport,
      RetrySettings settings,
      DeliveryObserver observer,
      Clock clock,
      Sleeper sleeper,
      DoubleSupplier jitter) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.observer = Objects.requireNonNull(observer, "observer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
    this.retry =
        Retry.of(
            "hydrant-delivery",
            RetryConfig.<Attempt>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnResult(RecordDelivery::worthRetrying)
                .intervalBiFunction(this::waitMillis)
                .failAfterMaxAttempts(false)
                .build());
  }

  /**
   * One HTTP attempt, not yet reported to the observer (see {@link #observe}). Safe from several
   * threads at once (one attempt each); the engine runs it on its request threads.
   *
   * @param timeoutMillis total deadline of the attempt
   * @throws IllegalArgumentException if the records break a Firehose limit (nothing is sent)
   */
  public Attempt send(Route route, List<byte[]> records, long timeoutMillis) {
    return transport.send(route, records, timeoutMillis);
  }

  /**
   * Reports a classified attempt to the observer: {@link DeliveryObserver#onRequest}, {@link
   * DeliveryObserver#onResponse} then {@link DeliveryObserver#onAttempt}, exactly once per attempt.
   * Called on the sender thread.
   *
   * @param overlapped see {@link DeliveryObserver#onAttempt(Attempt, boolean)}
   */
  public void observe(Attempt attempt, int records, boolean overlapped) {
    observer.onRequest(records, attempt.requestBytes());
    observer.onResponse(
        attempt.statusCode(),
        attempt.outcome() + (attempt.reason() == null ? "" : " " + attempt.reason()),
        attempt.requestId());
    observer.onAttempt(attempt, overlapped);
  }

  /**
   * Reports an attempt that could not be made at all (the sender ran out of memory building it) to
   * the health tracking only: no request was sent, so none is counted.
   */
  public void observeUnsent(Attempt attempt) {
    observer.onAttempt(attempt, false);
  }

  /** Reports a retry decision to the observer ({@link DeliveryObserver#onRetry}). */
  public void observeRetry(int attempt, String reason, Duration wait) {
    observer.onRetry(attempt, reason, wait);
  }

  /**
   * Whether a request can be authorized now; {@code false} while signing credentials are awaited,
   * when records should wait rather than spend attempts.
   */
  public boolean ready() {
    return transport.ready();
  }

  /** See {@link RequestAuth#unavailable()}. */
  public RequestAuth.Unavailable unavailable() {
    return transport.unavailable();
  }

  /** Registers what to call when {@link #ready()} may have changed (any thread). */
  public void onReadyChange(Runnable listener) {
    transport.onReadyChange(listener);
  }

  /** Aborts attempts in flight whose deadline passed (see {@link ProxyTransport#abortOverdue}). */
  public void abortOverdue() {
    transport.abortOverdue();
  }

  /** The configured total deadline of one attempt, in milliseconds. */
  public long requestTimeoutMillis() {
    return transport.requestTimeoutMillis();
  }

  /** The retry limits this delivery applies. */
  public RetrySettings settings() {
    return settings;
  }

  /**
   * Sends the records (each at most 1,024,000 raw bytes) on the route (SINGLE: exactly one record),
   * retrying what is retryable until every record is delivered or failed: a fatal answer, the
   * maximum attempts ({@link FailureReason#RETRIES_EXHAUSTED}), or the deadline ({@link
   * FailureReason#EXPIRED}; never sleeps past it).
   *
   * @param deadlineEpochMillis no attempt starts and no wait ends after this instant
   * @return one result per record, same order
   * @throws DeliveryInterruptedException if the thread is interrupted; it carries the results of
   *     the records settled before (others are not delivered as far as the caller knows)
   * @throws IllegalArgumentException if the records break a Firehose limit (nothing is sent)
   */
  public DeliveryReport deliver(Route route, List<byte[]> records, long deadlineEpochMillis)
      throws DeliveryInterruptedException {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(records, "records");
    if (route == Route.SINGLE && records.size() != 1) {
      throw new IllegalArgumentException(
          "the SINGLE route sends exactly 1 record, got " + records.size());
    }
    RecordResult[] results = new RecordResult[records.size()];
    Deque<List<Integer>> groups = new ArrayDeque<>();
    List<Integer> all = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      all.add(i);
    }
    groups.add(all);
    int attempts = 0;
    try {
      while (!groups.isEmpty()) {
        attempts +=
            deliverGroup(route, records, groups.poll(), groups, results, deadlineEpochMillis);
      }
    } catch (InterruptedException e) {
      DeliveryInterruptedException carried =
          new DeliveryInterruptedException(
              e.getMessage() == null ? "delivery interrupted" : e.getMessage(),
              Arrays.asList(results.clone()));
      carried.initCause(e);
      throw carried;
    }
    return new DeliveryReport(List.of(results), attempts);
  }

  private int deliverGroup(
      Route route,
      List<byte[]> records,
      List<Integer> group,
      Deque<List<Integer>> groups,
      RecordResult[] results,
      long deadline)
      throws InterruptedException {
    Retry.AsyncContext<Attempt> context = retry.asyncContext();
    List<Integer> pending = group;
    String lastFailure = "no attempt made";
    int attempts = 0;
    int ambiguous = 0;
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("delivery interrupted");
      }
      long remaining = deadline - clock.millis();
      if (remaining <= 0) {
        fail(pending, results, FailureReason.EXPIRED, "deadline passed; last: " + lastFailure);
        return attempts;
      }
      List<byte[]> batch = new ArrayList<>(pending.size());
      for (int index : pending) {
        batch.add(records.get(index));
      }
      Attempt attempt = send(route, batch, Math.min(requestTimeoutMillis(), remaining));
      attempts++;
      observe(attempt, batch.size(), false);
      if (attempt.detail() != null) {
        lastFailure = attempt.detail();
      }
      switch (attempt.outcome()) {
        case DELIVERED -> {
          for (int i = 0; i < pending.size(); i++) {
            results[pending.get(i)] = RecordResult.ok(attempt.entries().get(i).recordId());
          }
          context.onComplete();
          return attempts;
        }
        case PARTIAL -> pending = settlePartial(pending, attempt, results);
        case FATAL -> {
          fail(pending, results, attempt.reason(), attempt.detail());
          return attempts;
        }
        case TOO_LARGE -> {
          if (pending.size() > 1) {
            int half = pending.size() / 2;
            groups.addFirst(new ArrayList<>(pending.subList(half, pending.size())));
            groups.addFirst(new ArrayList<>(pending.subList(0, half)));
          } else {
            fail(pending, results, FailureReason.PAYLOAD_TOO_LARGE, attempt.detail());
          }
          return attempts;
        }
        case RETRY -> {
          if (attempt.reason() == FailureReason.UNEXPECTED_RESPONSE
              && ++ambiguous >= MAX_AMBIGUOUS_ANSWERS) {
            fail(pending, results, FailureReason.UNEXPECTED_RESPONSE, attempt.detail());
            return attempts;
          }
        }
      }
      if (pending.isEmpty()) {
        return attempts;
      }
      long wait = context.onResult(attempt);
      if (wait < 0) {
        fail(
            pending,
            results,
            FailureReason.RETRIES_EXHAUSTED,
            attempts + " attempts; last: " + lastFailure);
        return attempts;
      }
      if (clock.millis() + wait >= deadline) {
        fail(
            pending,
            results,
            FailureReason.EXPIRED,
            "deadline passes before the next attempt (wait " + wait + " ms); last: " + lastFailure);
        return attempts;
      }
      observeRetry(attempts, lastFailure, Duration.ofMillis(wait));
      sleeper.sleep(Duration.ofMillis(wait));
    }
  }

  private static List<Integer> settlePartial(
      List<Integer> pending, Attempt attempt, RecordResult[] results) {
    List<Integer> again = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      Entry entry = attempt.entries().get(i);
      int index = pending.get(i);
      if (entry.delivered()) {
        results[index] = RecordResult.ok(entry.recordId());
      } else if (entry.fatalReason() != null) {
        results[index] =
            RecordResult.failed(
                entry.fatalReason(), entry.errorCode() + ": " + entry.errorMessage());
      } else {
        again.add(index);
      }
    }
    return again;
  }

  private static void fail(
      List<Integer> pending, RecordResult[] results, FailureReason reason, String detail) {
    for (int index : pending) {
      results[index] = RecordResult.failed(reason, detail);
    }
  }

  private static boolean worthRetrying(Attempt attempt) {
    return attempt.outcome() == Outcome.RETRY
        || attempt.outcome() == Outcome.PARTIAL
            && attempt.entries().stream().anyMatch(e -> !e.delivered() && e.fatalReason() == null);
  }

  /** The wait before the next attempt; {@code attempt} is 1 for the first retry. */
  private Long waitMillis(Integer attempt, Either<Throwable, Attempt> last) {
    if (last.isRight() && last.get().retryAfter() != null) {
      return settings.retryAfterMillis(last.get().retryAfter());
    }
    return backoffMillis(attempt);
  }

  long backoffMillis(int attempt) {
    return settings.jitteredMillis(attempt, jitter.getAsDouble());
  }
}
