package dev.hydrant.internal.pipeline;

import dev.hydrant.AttemptEnd;
import dev.hydrant.AttemptStart;
import dev.hydrant.Route;
import dev.hydrant.internal.pipeline.Flights.Flight;
import dev.hydrant.internal.pipeline.Flights.Landing;
import dev.hydrant.internal.transport.Attempt;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Numbers the HTTP attempts and reports their start and end through the {@link ListenerDispatch}:
 * one end for every start, whether the attempt was answered, threw, or was abandoned at close.
 * Sender thread only.
 */
final class AttemptEvents {
  private final ListenerDispatch dispatch;
  private final Route route;
  private final Clock clock;
  private long lastId;

  AttemptEvents(ListenerDispatch dispatch, Route route, Clock clock) {
    this.dispatch = dispatch;
    this.route = route;
    this.clock = clock;
  }

  /** Numbers a new attempt carrying {@code records}, counts it as a send of each, reports it. */
  long start(List<PendingRecord> records) {
    long id = ++lastId;
    int resent = 0;
    for (PendingRecord p : records) {
      if (p.sends++ > 0) {
        resent++;
      }
    }
    dispatch.attemptStart(
        new AttemptStart(
            id,
            route,
            records.size(),
            events(records),
            rawBytes(records),
            resent,
            clock.instant()));
    return id;
  }

  /**
   * Reports how a landed attempt ended, after its records were settled.
   *
   * @param stopping whether the sender stopped, so that nothing is sent again
   */
  void landed(Landing landing, boolean stopping) {
    Flight flight = landing.flight();
    List<PendingRecord> records = flight.records();
    Attempt a = landing.attempt();
    boolean willRetry = false;
    for (PendingRecord p : records) {
      willRetry |= !p.settled && !stopping;
    }
    Duration latency = Duration.ofNanos(landing.latencyNanos());
    if (a == null) {
      end(flight, 0, AttemptEnd.Outcome.ERROR, 0, null, null, latency, 0, willRetry);
      return;
    }
    int delivered = 0;
    String entryError = null;
    for (Attempt.Entry e : a.entries()) {
      if (e.delivered()) {
        delivered++;
      } else if (entryError == null) {
        entryError = e.errorCode();
      }
    }
    end(
        flight,
        a.requestBytes(),
        outcome(a.outcome()),
        a.statusCode(),
        a.errorType() != null ? a.errorType() : entryError,
        a.requestId(),
        latency,
        delivered,
        willRetry);
  }

  /** Reports attempts still in flight when the sender stopped. */
  void abandoned(List<Flight> flights) {
    for (Flight flight : flights) {
      end(flight, 0, AttemptEnd.Outcome.ABANDONED, 0, null, null, Duration.ZERO, 0, false);
    }
  }

  /**
   * Reports the end of {@code flight}'s attempt; {@code errorCode} and {@code requestId} may be
   * null.
   */
  private void end(
      Flight flight,
      long wireBytes,
      AttemptEnd.Outcome outcome,
      int status,
      String errorCode,
      String requestId,
      Duration latency,
      int delivered,
      boolean willRetry) {
    List<PendingRecord> records = flight.records();
    dispatch.attemptEnd(
        new AttemptEnd(
            flight.attemptId(),
            route,
            records.size(),
            events(records),
            rawBytes(records),
            wireBytes,
            outcome,
            status,
            Optional.ofNullable(errorCode),
            Optional.ofNullable(requestId),
            latency,
            delivered,
            willRetry));
  }

  private static AttemptEnd.Outcome outcome(Attempt.Outcome o) {
    return switch (o) {
      case DELIVERED -> AttemptEnd.Outcome.DELIVERED;
      case PARTIAL -> AttemptEnd.Outcome.PARTIAL;
      case RETRY -> AttemptEnd.Outcome.RETRYABLE;
      case FATAL -> AttemptEnd.Outcome.FATAL;
      case TOO_LARGE -> AttemptEnd.Outcome.TOO_LARGE;
    };
  }

  private static int events(List<PendingRecord> records) {
    int n = 0;
    for (PendingRecord p : records) {
      n += p.events().size();
    }
    return n;
  }

  private static long rawBytes(List<PendingRecord> records) {
    long n = 0;
    for (PendingRecord p : records) {
      n += p.size();
    }
    return n;
  }
}
