package dev.hydrant.internal.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.auth.CredentialsException;
import dev.hydrant.auth.CredentialsProvider;
import dev.hydrant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Refresh timing, expiry, backoff and single flight of the credentials cache, on a test clock. */
@Timeout(30)
class CredentialsCacheTest {
  private static final long T0 = Instant.parse("2026-06-01T10:00:00Z").toEpochMilli();

  private final MutableClock clock = new MutableClock(T0);

  /** Answers from a script: credentials, or failures; counts calls and concurrency. */
  private static final class Scripted implements CredentialsProvider {
    final Deque<Object> answers = new ArrayDeque<>();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    volatile int maxRunning;
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public AwsCredentials fetch() throws CredentialsException {
      int now = running.incrementAndGet();
      maxRunning = Math.max(maxRunning, now);
      try {
        gate.await(10, TimeUnit.SECONDS);
        calls.incrementAndGet();
        Object next;
        synchronized (answers) {
          next = answers.size() > 1 ? answers.poll() : answers.peek();
        }
        if (next instanceof CredentialsException e) {
          throw e;
        }
        return (AwsCredentials) next;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CredentialsException("interrupted", false);
      } finally {
        running.decrementAndGet();
      }
    }

    void then(Object answer) {
      synchronized (answers) {
        answers.add(answer);
      }
    }

    /** From now on, always {@code answer}. */
    void only(Object answer) {
      synchronized (answers) {
        answers.clear();
        answers.add(answer);
      }
    }
  }

  private static AwsCredentials expiringAt(long millis) {
    return AwsCredentials.temporary("ASIAEXAMPLE", "secret", "token", Instant.ofEpochMilli(millis));
  }

  private CredentialsCache cache(Scripted provider) {
    AwsIamAuth auth =
        AwsIamAuth.builder(provider)
            .region("eu-west-1")
            .refreshAhead(Duration.ofMinutes(5))
            .initialBackoff(Duration.ofSeconds(1))
            .maxBackoff(Duration.ofSeconds(30))
            .build();
    return new CredentialsCache(auth, new ClockSkew(clock), () -> 1.0);
  }

  @Test
  void refreshesAheadOfExpiryAndStopsUsingCredentialsJustBeforeTheyExpire() {
    Scripted provider = new Scripted();
    long expiry = T0 + Duration.ofHours(1).toMillis();
    provider.then(expiringAt(expiry));
    try (CredentialsCache cache = cache(provider)) {
      cache.start();
      await().until(() -> cache.current() != null);
      // Half of a one-hour life comes before "five minutes ahead".
      assertEquals(T0 + Duration.ofMinutes(30).toMillis(), cache.nextFetchMillis());

      provider.only(new CredentialsException("endpoint down", false));
      clock.now = T0 + Duration.ofMinutes(30).toMillis();
      cache.wakeUp();
      await().until(() -> cache.failures() == 1);
      assertTrue(cache.current() != null, "valid credentials stay in use while a refresh fails");

      clock.now = expiry - CredentialsCache.EXPIRY_MARGIN_MILLIS;
      assertNull(cache.current(), "not used in their last 30 s");
      assertNull(cache.refusal(), "an outage is not a refusal");
    }
  }

  @Test
  void aShortLifeRefreshesAtHalfAndALongOneFiveMinutesAhead() {
    Scripted provider = new Scripted();
    provider.then(expiringAt(T0 + Duration.ofHours(12).toMillis()));
    try (CredentialsCache cache = cache(provider)) {
      long twelveHours = T0 + Duration.ofHours(12).toMillis();
      assertEquals(
          T0 + Duration.ofHours(6).toMillis(), cache.refreshAt(expiringAt(twelveHours), T0));
      assertEquals(
          T0 + Duration.ofMinutes(7).toMillis(),
          cache.refreshAt(expiringAt(T0 + Duration.ofMinutes(14).toMillis()), T0));
      assertEquals(
          T0 + Duration.ofSeconds(1).toMillis(),
          cache.refreshAt(expiringAt(T0 - 1), T0),
          "credentials expired on arrival are retried after the initial backoff, not in a loop");
      assertEquals(
          Long.MAX_VALUE, cache.refreshAt(AwsCredentials.longTerm("AKIDEXAMPLE", "s"), T0));
    }
  }

  @Test
  void backsOffExponentiallyWhileTheEndpointIsDownAndAtMostOnARefusal() {
    Scripted provider = new Scripted();
    provider.then(new CredentialsException("down", false));
    try (CredentialsCache cache = cache(provider)) {
      cache.start();
      long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
      for (int i = 0; i < expected.length; i++) {
        int failures = i + 1;
        await().until(() -> cache.failures() == failures);
        assertEquals(clock.now + expected[i], cache.nextFetchMillis(), "after failure " + failures);
        clock.now = cache.nextFetchMillis();
        cache.wakeUp();
      }
      await().until(() -> cache.failures() == expected.length + 1);
      provider.only(new CredentialsException("certificate refused", true));
      clock.now = cache.nextFetchMillis();
      cache.wakeUp();
      await().until(() -> cache.refusal() != null);
      assertEquals("certificate refused", cache.refusal());
      assertEquals(clock.now + 30_000, cache.nextFetchMillis(), "a refusal waits maxBackoff");
    }
  }

  @Test
  void neverRunsTwoFetchesAtOnceHoweverOftenTheTokenExpires() throws Exception {
    Scripted provider = new Scripted();
    AwsCredentials first = expiringAt(T0 + Duration.ofHours(1).toMillis());
    provider.then(first);
    try (CredentialsCache cache = cache(provider)) {
      cache.start();
      await().until(() -> cache.current() != null);
      AwsCredentials second = expiringAt(T0 + Duration.ofHours(2).toMillis());
      provider.only(second);
      provider.gate = new CountDownLatch(1);
      for (int i = 0; i < 20; i++) {
        cache.tokenExpired();
      }
      assertNull(cache.current(), "expired token: credentials dropped at once");
      await().until(() -> provider.running.get() == 1);
      for (int i = 0; i < 20; i++) {
        cache.tokenExpired();
      }
      provider.gate.countDown();
      await().until(() -> cache.current() == second);
      assertEquals(1, provider.maxRunning);
      assertSame(second, cache.current());
      assertTrue(provider.calls.get() <= 3, "calls " + provider.calls.get());
    }
  }
}
