package dev.hydrant.internal.transport;

import java.io.Closeable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The HTTP client of a {@link ProxyTransport}, built on a short-lived daemon thread named {@value
 * #THREAD_NAME} so that the caller of {@code build()} goes on (encoding its first events, starting
 * the sender) while the client is made; that takes about a tenth of a second on a cold JVM, most of
 * it loading classes and Apache's public-suffix list. The thread ends once the client is built.
 *
 * <p>{@link #get()} waits for that build. If it failed (logged at WARN when it happens), each
 * {@code get()} tries again on its own thread and, if that fails too, throws an {@link
 * IllegalStateException} naming the cause, which {@link ProxyTransport#send} turns into a retryable
 * attempt: reported like any other failed attempt, to the listener ({@code onRetry}, then {@code
 * onFailed} when retries run out), in the metrics and health, and in the log.
 *
 * <p>{@link #close()} does not wait: a client still being built is closed by its builder thread as
 * soon as it exists. Thread-safe.
 */
final class ConnectionPool implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);

  /** The name of the thread that builds the client. */
  static final String THREAD_NAME = "hydrant-init";

  private final Supplier<SdkHttpClient> factory;
  private final Object lock = new Object();

  /** The built client, read without the lock once it exists; null while building or closed. */
  private volatile SdkHttpClient ready;

  private boolean building; // guarded by lock
  private boolean closed; // guarded by lock

  private ConnectionPool(Supplier<SdkHttpClient> factory) {
    this.factory = factory;
  }

  /**
   * Starts building the client with {@code factory} on a new daemon thread, then runs {@code
   * afterwards} on that thread once the client is available to {@link #get()} (or its build
   * failed): one-time work the first request needs later, not at once.
   *
   * @return the pool, whose {@link #get()} waits for the client, not for {@code afterwards}
   */
  static ConnectionPool startBuilding(Supplier<SdkHttpClient> factory, Runnable afterwards) {
    ConnectionPool pool = new ConnectionPool(factory);
    pool.building = true;
    Thread builder =
        new Thread(
            () -> {
              pool.buildInBackground();
              afterwards.run();
            },
            THREAD_NAME);
    builder.setDaemon(true);
    builder.start();
    return pool;
  }

  private void buildInBackground() {
    SdkHttpClient built = null;
    try {
      built = factory.get();
    } catch (RuntimeException | Error e) {
      LOG.warn(
          "could not build the HTTP connection pool on {}; the first request tries again: {}",
          THREAD_NAME,
          e.toString());
    }
    synchronized (lock) {
      building = false;
      if (closed) {
        closeQuietly(built);
      } else {
        ready = built;
      }
      lock.notifyAll();
    }
  }

  /**
   * The client: waits for the background build, and if that failed, builds it on this thread.
   *
   * @return the client
   * @throws IllegalStateException if the pool is closed, or the client cannot be built (the cause
   *     is the factory's failure)
   */
  SdkHttpClient get() {
    SdkHttpClient client = ready;
    if (client != null) {
      return client;
    }
    synchronized (lock) {
      awaitBuild();
      if (closed) {
        throw new IllegalStateException("the HTTP connection pool is closed");
      }
      if (ready == null) {
        try {
          ready = factory.get();
        } catch (RuntimeException | Error e) {
          throw new IllegalStateException("the HTTP connection pool could not be built: " + e, e);
        }
      }
      return ready;
    }
  }

  /** Waits, holding the lock, until the background build has ended; keeps an interrupt. */
  private void awaitBuild() {
    boolean interrupted = false;
    while (building) {
      try {
        lock.wait();
      } catch (InterruptedException e) {
        // The build takes a fraction of a second and cannot hang on I/O: wait it out.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the client, now or, if it is still being built, as soon as it exists. Idempotent. */
  @Override
  public void close() {
    SdkHttpClient client;
    synchronized (lock) {
      closed = true;
      client = ready;
      ready = null;
    }
    closeQuietly(client);
  }

  private static void closeQuietly(SdkHttpClient client) {
    if (client == null) {
      return;
    }
    try {
      client.close();
    } catch (RuntimeException e) {
      LOG.warn("error while closing the HTTP connection pool: {}", e.toString());
    }
  }
}
