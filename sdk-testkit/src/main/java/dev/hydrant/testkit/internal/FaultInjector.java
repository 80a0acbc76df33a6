package dev.hydrant.testkit.internal;

import dev.hydrant.testkit.Faults;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Draws the fault decisions for {@link Faults} from one seeded generator. Thread-safe: draws are
 * serialised, so a given sequence of requests gets the same decisions for the same seed.
 */
public final class FaultInjector {

  /** What happens to one API Gateway request before its integration runs. */
  public enum GatewayFault {
    NONE,
    OUTAGE,
    RESET,
    EMPTY,
    THROTTLE,
    SERVER_ERROR
  }

  private final LongSupplier nanoTime;
  private volatile State state;

  private record State(Faults faults, SplittableRandom random, long installedNanos) {}

  /** Starts with {@code faults}; {@code nanoTime} measures outage windows. */
  public FaultInjector(Faults faults, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    install(faults);
  }

  /** Replaces the faults and restarts the generator from their seed and the outage clock. */
  public void install(Faults faults) {
    state = new State(faults, new SplittableRandom(faults.seed()), nanoTime.getAsLong());
  }

  /** The installed faults. */
  public Faults faults() {
    return state.faults();
  }

  /** The gateway-level decision for one request. */
  public GatewayFault gatewayFault() {
    State s = state;
    Faults f = s.faults();
    long outageLength = f.outageLength().toNanos();
    if (outageLength > 0) {
      long since = nanoTime.getAsLong() - s.installedNanos() - f.outageStart().toNanos();
      if (since >= 0 && since < outageLength) {
        return GatewayFault.OUTAGE;
      }
    }
    if (f.connectionResetRate() == 0
        && f.emptyResponseRate() == 0
        && f.throttleRate() == 0
        && f.serverErrorRate() == 0) {
      return GatewayFault.NONE;
    }
    synchronized (s) {
      if (hit(s, f.connectionResetRate())) {
        return GatewayFault.RESET;
      }
      if (hit(s, f.emptyResponseRate())) {
        return GatewayFault.EMPTY;
      }
      if (hit(s, f.throttleRate())) {
        return GatewayFault.THROTTLE;
      }
      return hit(s, f.serverErrorRate()) ? GatewayFault.SERVER_ERROR : GatewayFault.NONE;
    }
  }

  /** The integration latency for one request, in nanoseconds. */
  public long latencyNanos() {
    State s = state;
    synchronized (s) {
      return s.faults().latency().sampleNanos(s.random());
    }
  }

  /** Whether Firehose fails this whole call. */
  public boolean backendError() {
    State s = state;
    return hitLocked(s, s.faults().maskedErrorRate());
  }

  /** Whether Firehose fails this batch entry. */
  public boolean entryFailure() {
    State s = state;
    return hitLocked(s, s.faults().partialFailureRate());
  }

  private static boolean hitLocked(State s, double rate) {
    if (rate == 0) {
      return false;
    }
    synchronized (s) {
      return hit(s, rate);
    }
  }

  private static boolean hit(State s, double rate) {
    // Draw only for non-zero rates so that adding a fault type does not shift other decisions.
    return rate > 0 && s.random().nextDouble() < rate;
  }
}
