package dev.hydrant.internal.auth;

import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.auth.CredentialsException;
import dev.hydrant.auth.CredentialsProvider;
import dev.hydrant.auth.IotCredentialsProvider;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the signing credentials and refreshes them on its own thread, {@code hydrant-credentials},
 * so that no fetch ever runs on the {@code send()} path and never more than one runs at a time.
 *
 * <p>When: at {@link #start()}; then {@link AwsIamAuth#refreshAhead()} before expiry, or at half
 * the credentials' remaining life when that is sooner; at once after {@link #tokenExpired()}; after
 * a failure with exponential backoff ({@code initialBackoff * 2^(n-1)}, capped at {@code
 * maxBackoff}, jittered down to half), and after a refusal at {@code maxBackoff}. Credentials stay
 * in use while a refresh fails, until {@value #EXPIRY_MARGIN_MILLIS} ms before they expire. Times
 * are {@link ClockSkew#corrected() corrected} device time, so a wrong device clock neither discards
 * good credentials nor keeps expired ones.
 *
 * <p>Failures are logged, rate-limited to one line a minute per kind with the count held back: WARN
 * for an unavailable endpoint, ERROR for a refusal, ERROR with the stack trace for a provider that
 * throws anything else. Messages name the access key id at most, never a secret. Thread-safe.
 */
public final class CredentialsCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialsCache.class);

  /** Credentials are not used in their last {@value} ms (a request signed then may land late). */
  public static final long EXPIRY_MARGIN_MILLIS = 30_000;

  /** The longest the thread sleeps before looking at the clock again: {@value} ms. */
  static final long MAX_NAP_MILLIS = 60_000;

  private static final long LOG_INTERVAL_MILLIS = 60_000;

  private final CredentialsProvider provider;
  private final AwsIamAuth auth;
  private final ClockSkew skew;
  private final DoubleSupplier jitter;
  private final Object lock = new Object();
  private volatile Runnable onChange = () -> {};
  private volatile State state = new State(null, null);
  private long nextFetchMillis = Long.MIN_VALUE;
  private int consecutiveFailures;
  private long fetches;
  private long failures;
  private String lastFailure;
  private long lastFailureLogNanos;
  private long heldBackLogs;
  private boolean wake;
  private boolean closed;
  private Thread thread;

  /** What the sender sees: credentials to sign with, or why there are none. */
  private record State(AwsCredentials credentials, String refusal) {}

  public CredentialsCache(AwsIamAuth auth, ClockSkew skew) {
    this(auth, skew, () -> ThreadLocalRandom.current().nextDouble());
  }

  CredentialsCache(AwsIamAuth auth, ClockSkew skew, DoubleSupplier jitter) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.provider = auth.credentialsProvider();
    this.skew = Objects.requireNonNull(skew, "skew");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
  }

  /** Called (on the credentials thread) whenever credentials arrive, expire or are refused. */
  public void onChange(Runnable listener) {
    this.onChange = Objects.requireNonNull(listener, "listener");
  }

  /** Starts the credentials thread, which fetches at once. Idempotent. */
  public void start() {
    synchronized (lock) {
      if (thread != null || closed) {
        return;
      }
      thread = new Thread(this::run, "hydrant-credentials");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Credentials usable now, or {@code null}. Never blocks. */
  public AwsCredentials current() {
    AwsCredentials c = state.credentials();
    if (c == null || !usable(c, skew.corrected().millis())) {
      return null;
    }
    return c;
  }

  /**
   * Why the credentials endpoint refused this device, while it does and no usable credentials are
   * held; {@code null} otherwise.
   */
  public String refusal() {
    State s = state;
    return current() == null ? s.refusal() : null;
  }

  /** The proxy said the token expired: drop the credentials and fetch new ones now. */
  public void tokenExpired() {
    synchronized (lock) {
      State s = state;
      if (s.credentials() != null) {
        state = new State(null, s.refusal());
      }
      if (consecutiveFailures == 0) {
        nextFetchMillis = Long.MIN_VALUE;
      }
      wake = true;
      lock.notifyAll();
    }
  }

  /** Makes the thread look at the clock again (tests that move an injected clock). */
  public void wakeUp() {
    synchronized (lock) {
      wake = true;
      lock.notifyAll();
    }
  }

  /** Fetches made, successful or not. */
  public long fetches() {
    synchronized (lock) {
      return fetches;
    }
  }

  /** Fetches that failed. */
  public long failures() {
    synchronized (lock) {
      return failures;
    }
  }

  /** When the next fetch is due, in corrected epoch milliseconds. */
  public long nextFetchMillis() {
    synchronized (lock) {
      return nextFetchMillis;
    }
  }

  private void run() {
    try {
      while (true) {
        synchronized (lock) {
          while (!closed) {
            long now = skew.corrected().millis();
            if (now >= nextFetchMillis) {
              break;
            }
            if (wake) {
              wake = false;
              continue;
            }
            lock.wait(Math.max(1, Math.min(MAX_NAP_MILLIS, nextFetchMillis - now)));
          }
          if (closed) {
            return;
          }
        }
        fetchOnce();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fetchOnce() {
    AwsCredentials fetched = null;
    CredentialsException failure = null;
    RuntimeException crash = null;
    try {
      fetched = provider.fetch();
      if (fetched == null) {
        failure = new CredentialsException(provider + " returned no credentials", false);
      }
    } catch (CredentialsException e) {
      failure = e;
    } catch (RuntimeException e) {
      crash = e;
    }
    if (provider instanceof IotCredentialsProvider iot) {
      iot.lastServerDate().ifPresent(d -> skew.observe(d, skew.device().millis()));
    }
    long now = skew.corrected().millis();
    synchronized (lock) {
      fetches++;
      if (failure == null && crash == null) {
        consecutiveFailures = 0;
        state = new State(fetched, null);
        nextFetchMillis = refreshAt(fetched, now);
      } else {
        failures++;
        consecutiveFailures++;
        lastFailure = failure != null ? failure.getMessage() : crash.toString();
        boolean refused = failure != null && failure.refused();
        State s = state;
        state = new State(s.credentials(), refused ? failure.getMessage() : null);
        nextFetchMillis = now + backoffMillis(refused);
      }
    }
    if (fetched != null) {
      LOG.info(
          "AWS credentials obtained (access key id {}, expire {}); next refresh at {}",
          fetched.accessKeyId(),
          fetched.expiration().map(Instant::toString).orElse("never"),
          nextFetchMillis == Long.MAX_VALUE ? "never" : Instant.ofEpochMilli(nextFetchMillis));
    } else {
      logFailure(failure, crash);
    }
    onChange.run();
  }

  /** When to refresh credentials fetched at {@code now}: see the class comment. */
  long refreshAt(AwsCredentials c, long now) {
    if (c.expiration().isEmpty()) {
      return Long.MAX_VALUE;
    }
    long expiry = c.expiration().get().toEpochMilli();
    long ahead = expiry - auth.refreshAhead().toMillis();
    long half = now + (expiry - now) / 2;
    long at = Math.min(ahead, half);
    // Credentials already (nearly) expired on arrival: do not spin, wait like after a failure.
    return Math.max(at, now + auth.initialBackoff().toMillis());
  }

  private long backoffMillis(boolean refused) {
    long max = auth.maxBackoff().toMillis();
    if (refused) {
      return max;
    }
    long base = auth.initialBackoff().toMillis();
    int shift = Math.min(consecutiveFailures - 1, 30);
    long exp = base > (max >> shift) ? max : Math.min(max, base << shift);
    return Math.max(1, (long) (exp * (0.5 + 0.5 * jitter.getAsDouble())));
  }

  private static boolean usable(AwsCredentials c, long now) {
    return c.expiration().isEmpty()
        || now < c.expiration().get().toEpochMilli() - EXPIRY_MARGIN_MILLIS;
  }

  private void logFailure(CredentialsException failure, RuntimeException crash) {
    long heldBack;
    synchronized (lock) {
      long nanos = System.nanoTime();
      if (failures > 1
          && nanos - lastFailureLogNanos < TimeUnit.MILLISECONDS.toNanos(LOG_INTERVAL_MILLIS)) {
        heldBackLogs++;
        return;
      }
      lastFailureLogNanos = nanos;
      heldBack = heldBackLogs;
      heldBackLogs = 0;
    }
    long waitMillis = Math.max(0, nextFetchMillis() - skew.corrected().millis());
    boolean usable = current() != null;
    if (crash != null) {
      LOG.error(
          "credentials provider {} failed ({} more failures not logged); next try in {} ms{}",
          provider,
          heldBack,
          waitMillis,
          usable ? "; the current credentials stay in use" : "; events wait",
          crash);
    } else if (failure.refused()) {
      LOG.error(
          "credentials refused ({} more failures not logged): {}; events fail with"
              + " CREDENTIALS_REFUSED until the device is allowed; next try in {} ms",
          heldBack,
          failure.getMessage(),
          waitMillis);
    } else {
      LOG.warn(
          "credentials unavailable ({} more failures not logged): {}; next try in {} ms{}",
          heldBack,
          failure.getMessage(),
          waitMillis,
          usable ? "; the current credentials stay in use" : "; events wait in the buffer");
    }
  }

  /** Why the most recent fetch failed, or {@code null} if none has. */
  public String lastFailure() {
    synchronized (lock) {
      return lastFailure;
    }
  }

  /** Stops the thread and closes the provider if it is {@link AutoCloseable}. Idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      lock.notifyAll();
      t = thread;
    }
    if (t != null) {
      t.interrupt();
    }
    if (provider instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("closing credentials provider {} failed: {}", provider, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    AwsCredentials c = state.credentials();
    return "CredentialsCache{provider="
        + provider
        + ", credentials="
        + (c == null ? "none" : c.toString())
        + "}";
  }
}
