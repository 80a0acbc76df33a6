package dev.hydrant.internal.pipeline;

import dev.hydrant.DeliveryFailure;
import dev.hydrant.FailureReason;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.EventBuffer;
import dev.hydrant.internal.transport.Attempt;
import dev.hydrant.internal.transport.Attempt.Entry;
import dev.hydrant.internal.transport.RecordDelivery;
import dev.hydrant.internal.transport.RetrySettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each answered request into the ends of its records, the moment it lands: delivered records
 * are acked (listener first, then the buffer), fatal ones fail, retryable ones go back to the retry
 * list with their own state ({@link PendingRecord}) to be packed into a later request with fresh
 * data. Request-level failures drive the {@link SharedBackoff}; any delivered record resets it.
 *
 * <ul>
 *   <li>A record that failed on its own (an entry of a partly failed batch) waits {@code random(0,
 *       min(maxBackoff, initialBackoff * 2^(n-1)))} with {@code n} its attempts, at most {@value
 *       #RECORD_BACKOFF_STEPS}, before it is sent again: its own wait stays short, because such an
 *       entry failed for the stream's sake (throttling), and a busy endpoint is what the shared
 *       backoff is for.
 *   <li>A record of a request that failed as a whole is eligible at once; the shared backoff keeps
 *       the next request from starting before its wait.
 *   <li>A record fails with {@link FailureReason#RETRIES_EXHAUSTED} after {@code maxAttempts}
 *       failed attempts, with {@link FailureReason#EXPIRED} when its TTL passes first, with {@link
 *       FailureReason#UNEXPECTED_RESPONSE} after {@value RecordDelivery#MAX_AMBIGUOUS_ANSWERS}
 *       ambiguous answers, and with {@link FailureReason#PAYLOAD_TOO_LARGE} on a 413 for it alone
 *       (a 413 on several records halves the group they may be sent in).
 * </ul>
 *
 * <p>Sender thread only.
 */
final class Settlement {
  private static final Logger log = LoggerFactory.getLogger(Settlement.class);

  /** How many times a record's own wait doubles at most: {@value}. */
  static final int RECORD_BACKOFF_STEPS = 3;

  private final EventBuffer buffer;
  private final ListenerDispatch dispatch;
  private final RecordDelivery delivery;
  private final RetrySettings settings;
  private final DoubleSupplier jitter;
  private final SharedBackoff backoff;
  private final List<PendingRecord> retries = new ArrayList<>();
  private final LogLimiter crashes = new LogLimiter(60_000);

  Settlement(
      EventBuffer buffer,
      ListenerDispatch dispatch,
      RecordDelivery delivery,
      DoubleSupplier jitter) {
    this.buffer = buffer;
    this.dispatch = dispatch;
    this.delivery = delivery;
    this.settings = delivery.settings();
    this.jitter = jitter;
    this.backoff = new SharedBackoff(settings, jitter);
  }

  SharedBackoff backoff() {
    return backoff;
  }

  /** Records waiting to be sent again, in the order they failed. */
  List<PendingRecord> retries() {
    return retries;
  }

  /**
   * Settles the records of one answered attempt.
   *
   * @param startedIn the shared backoff's generation when the request started
   */
  void land(List<PendingRecord> records, Attempt attempt, long now, long startedIn) {
    delivery.observe(attempt, records.size(), startedIn != backoff.generation());
    for (PendingRecord p : records) {
      p.lastStatus = attempt.statusCode();
      p.lastRequestId = attempt.requestId();
    }
    String detail = attempt.detail();
    switch (attempt.outcome()) {
      case DELIVERED -> {
        backoff.success();
        delivered(records);
      }
      case PARTIAL -> partial(records, attempt, now, startedIn);
      case FATAL -> failed(records, attempt.reason(), detail);
      case TOO_LARGE -> {
        if (records.size() == 1) {
          failed(records, FailureReason.PAYLOAD_TOO_LARGE, detail);
        } else {
          int half = Math.max(1, records.size() / 2);
          for (PendingRecord p : records) {
            p.groupLimit = Math.min(p.groupLimit, half);
            p.nextEligibleMillis = now;
            retries.add(p);
          }
        }
      }
      case RETRY -> {
        long wait = backoff.failure(now, attempt.retryAfter(), startedIn);
        List<PendingRecord> again = new ArrayList<>(records.size());
        List<PendingRecord> ambiguousOut = new ArrayList<>();
        for (PendingRecord p : records) {
          if (attempt.reason() == FailureReason.UNEXPECTED_RESPONSE
              && ++p.ambiguous >= RecordDelivery.MAX_AMBIGUOUS_ANSWERS) {
            ambiguousOut.add(p);
          } else {
            again.add(p);
          }
        }
        failed(ambiguousOut, FailureReason.UNEXPECTED_RESPONSE, detail);
        int kept = retry(again, detail, backoff.untilMillis(), now);
        if (kept > 0) {
          delivery.observeRetry(backoff.failures(), detail, Duration.ofMillis(wait));
        }
      }
    }
  }

  private void partial(List<PendingRecord> records, Attempt attempt, long now, long startedIn) {
    List<PendingRecord> ok = new ArrayList<>();
    Map<String, List<PendingRecord>> fatal = new LinkedHashMap<>();
    Map<String, FailureReason> fatalReason = new LinkedHashMap<>();
    List<PendingRecord> again = new ArrayList<>();
    String againDetail = null;
    for (int i = 0; i < records.size(); i++) {
      Entry entry = attempt.entries().get(i);
      PendingRecord p = records.get(i);
      if (entry.delivered()) {
        ok.add(p);
      } else if (entry.fatalReason() != null) {
        String detail = entry.errorCode() + ": " + entry.errorMessage();
        fatal.computeIfAbsent(detail, k -> new ArrayList<>()).add(p);
        fatalReason.put(detail, entry.fatalReason());
      } else {
        again.add(p);
        againDetail = entry.errorCode() + ": " + entry.errorMessage();
      }
    }
    if (!ok.isEmpty()) {
      backoff.success();
    } else if (!again.isEmpty() && records.size() > 1) {
      // Every entry of a batch refused (throttling): the endpoint, not a record, is the problem.
      backoff.failure(now, attempt.retryAfter(), startedIn);
    }
    delivered(ok);
    fatal.forEach((detail, list) -> failed(list, fatalReason.get(detail), detail));
    if (again.isEmpty()) {
      return;
    }
    int attempts = 0;
    for (PendingRecord p : again) {
      attempts = Math.max(attempts, p.attempts + 1);
    }
    // One wait for all of them, so that they go out together again.
    long wait =
        settings.jitteredMillis(Math.min(attempts, RECORD_BACKOFF_STEPS), jitter.getAsDouble());
    if (retry(again, againDetail, SharedBackoff.saturatedAdd(now, wait), now) > 0) {
      delivery.observeRetry(attempts, againDetail, Duration.ofMillis(wait));
    }
  }

  /**
   * Counts a failed attempt for each record and puts it back for another, eligible at {@code
   * eligibleAt}, unless its attempts or its TTL ran out (then it fails). Returns how many were
   * kept.
   */
  private int retry(List<PendingRecord> records, String detail, long eligibleAt, long now) {
    int kept = 0;
    List<PendingRecord> exhausted = new ArrayList<>();
    List<PendingRecord> late = new ArrayList<>();
    for (PendingRecord p : records) {
      p.attempts++;
      p.lastFailure = detail;
      if (p.firstFailureMillis < 0) {
        p.firstFailureMillis = now;
      }
      long at = Math.max(eligibleAt, now);
      if (p.attempts >= settings.maxAttempts()) {
        exhausted.add(p);
      } else if (at >= p.deadlineMillis()) {
        late.add(p);
      } else {
        p.nextEligibleMillis = at;
        retries.add(p);
        kept++;
      }
    }
    failed(
        exhausted,
        FailureReason.RETRIES_EXHAUSTED,
        settings.maxAttempts() + " attempts; last: " + detail);
    failed(
        late,
        FailureReason.EXPIRED,
        "deadline passes before the next attempt (wait "
            + Math.max(0, eligibleAt - now)
            + " ms); last: "
            + detail);
    return kept;
  }

  /**
   * A request could not be made at all (the attempt threw): with an {@link OutOfMemoryError}, or
   * with a durable buffer, the records are kept and tried again after {@code pauseMillis}; with a
   * memory buffer other errors fail them with {@link FailureReason#INTERNAL_ERROR}.
   */
  void crashed(List<PendingRecord> records, Throwable error, long now, long pauseMillis) {
    long heldBack = crashes.occurrence();
    if (heldBack >= 0) {
      log.error(
          "could not send {} record(s) ({} more failures like it not logged)",
          records.size(),
          heldBack,
          error);
    }
    for (PendingRecord p : records) {
      p.lastStatus = 0;
      p.lastRequestId = null;
    }
    if (error instanceof OutOfMemoryError) {
      delivery.observeUnsent(outOfMemory(records));
    }
    if (error instanceof OutOfMemoryError || buffer.durable()) {
      for (PendingRecord p : records) {
        p.nextEligibleMillis = SharedBackoff.saturatedAdd(now, pauseMillis);
        retries.add(p);
      }
    } else {
      failed(records, FailureReason.INTERNAL_ERROR, error.toString());
    }
  }

  /** What the health tracking hears when a request did not fit in the heap. */
  static Attempt outOfMemory(List<PendingRecord> records) {
    long bytes = 0;
    for (PendingRecord p : records) {
      bytes += p.size();
    }
    long heapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    return Attempt.retry(
        Attempt.Response.NONE,
        FailureReason.INTERNAL_ERROR,
        HealthSignal.OUT_OF_MEMORY_PREFIX
            + " a request of "
            + records.size()
            + " record(s), "
            + bytes
            + " bytes, in a heap of at most "
            + heapMiB
            + " MiB",
        null);
  }

  /** Fails every retry whose TTL has passed. */
  void expire(long now) {
    List<PendingRecord> late = new ArrayList<>();
    for (Iterator<PendingRecord> it = retries.iterator(); it.hasNext(); ) {
      PendingRecord p = it.next();
      if (p.deadlineMillis() <= now) {
        it.remove();
        late.add(p);
      }
    }
    for (PendingRecord p : late) {
      failed(
          List.of(p),
          FailureReason.EXPIRED,
          "not delivered within the event TTL; last: " + p.lastFailure);
    }
  }

  /** When the next retry becomes eligible, {@link Long#MAX_VALUE} if there is none. */
  long nextEligibleMillis() {
    long min = Long.MAX_VALUE;
    for (PendingRecord p : retries) {
      min = Math.min(min, p.nextEligibleMillis);
    }
    return min;
  }

  /**
   * Ends records the sender could not finish (it is stopping): a disk spool keeps their events for
   * a later run, a memory buffer reports them failed with {@code reason}.
   */
  void abandon(List<PendingRecord> records, FailureReason reason, String detail) {
    if (records.isEmpty()) {
      return;
    }
    if (buffer.durable()) {
      buffer.release(events(records));
    } else {
      failed(records, reason, detail);
    }
  }

  void delivered(List<PendingRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<BufferedEvent> events = events(records);
    // Callbacks first: once acked, flush may return, and its caller expects them done.
    dispatch.delivered(events);
    ack(events);
    markSettled(records);
  }

  /**
   * Fails {@code records}, reported with the status and request id of the last attempt that carried
   * each (one callback per distinct pair).
   */
  void failed(List<PendingRecord> records, FailureReason reason, String detail) {
    if (records.isEmpty()) {
      return;
    }
    Map<DeliveryFailure, List<PendingRecord>> byAnswer = new LinkedHashMap<>();
    for (PendingRecord p : records) {
      DeliveryFailure f =
          new DeliveryFailure(reason, detail, p.lastStatus, Optional.ofNullable(p.lastRequestId));
      byAnswer.computeIfAbsent(f, k -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<DeliveryFailure, List<PendingRecord>> e : byAnswer.entrySet()) {
      List<BufferedEvent> events = events(e.getValue());
      dispatch.failed(e.getKey(), events);
      ack(events);
      markSettled(e.getValue());
    }
  }

  private static void markSettled(List<PendingRecord> records) {
    for (PendingRecord p : records) {
      p.settled = true;
    }
  }

  /**
   * Settling {@code records} threw (a listener callback's fatal error, a bug): those neither
   * settled nor back in the retry list are kept for another attempt after {@code pauseMillis} when
   * the error is an {@link OutOfMemoryError} or the buffer is durable, and fail with {@link
   * FailureReason#INTERNAL_ERROR} otherwise.
   */
  void recover(List<PendingRecord> records, Throwable error, long now, long pauseMillis) {
    List<PendingRecord> loose = new ArrayList<>();
    for (PendingRecord p : records) {
      if (!p.settled && !retries.contains(p)) {
        loose.add(p);
      }
    }
    if (error instanceof OutOfMemoryError || buffer.durable()) {
      for (PendingRecord p : loose) {
        p.nextEligibleMillis = SharedBackoff.saturatedAdd(now, pauseMillis);
        retries.add(p);
      }
    } else {
      failed(loose, FailureReason.INTERNAL_ERROR, error.toString());
    }
  }

  /** Reports events failed and acks them. */
  void finish(List<BufferedEvent> events, FailureReason reason, String detail) {
    if (events.isEmpty()) {
      return;
    }
    dispatch.failed(reason, detail, events);
    ack(events);
  }

  private void ack(List<BufferedEvent> events) {
    try {
      buffer.ack(events);
    } catch (IOException e) {
      // The events reached their end; a spool that cannot record it will resend them after a
      // restart (a duplicate, never a loss).
      log.warn(
          "could not record {} finished event(s) in the buffer: {}", events.size(), e.toString());
    }
  }

  private static List<BufferedEvent> events(List<PendingRecord> records) {
    int count = 0;
    for (PendingRecord p : records) {
      count += p.events().size();
    }
    List<BufferedEvent> all = new ArrayList<>(count);
    for (PendingRecord p : records) {
      all.addAll(p.events());
    }
    return all;
  }
}
