package dev.hydrant.internal.transport;

import java.util.function.Function;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * How {@link ProxyTransport} authorizes a request beyond the static headers: nothing ({@link
 * #NONE}, the API key is a header), or a signature computed per attempt. Implementations are
 * thread-safe: request threads call {@link #authorize} and {@link #review} concurrently.
 */
public interface RequestAuth {

  /** No per-request authorization. */
  RequestAuth NONE =
      new RequestAuth() {
        @Override
        public Authorized authorize(SdkHttpFullRequest request, ContentStreamProvider body) {
          return new Authorized(request, null);
        }

        @Override
        public String toString() {
          return "none";
        }
      };

  /**
   * The request to send for this attempt (for example signed now over {@code body}), or the
   * attempt's outcome when it must not be sent.
   */
  Authorized authorize(SdkHttpFullRequest request, ContentStreamProvider body);

  /**
   * Looks at a classified answer (and its headers) and returns the attempt to report, possibly
   * reclassified (an expired token or a skewed clock is retryable).
   */
  default Attempt review(Attempt attempt, Function<String, String> header) {
    return attempt;
  }

  /**
   * Whether a request can be authorized now, or its failure reported: {@code false} while
   * credentials are being fetched, when events should wait instead of failing.
   */
  default boolean ready() {
    return true;
  }

  /**
   * While {@link #ready()} is false: how many times getting what requests need (credentials) has
   * failed so far and why, or {@code null} when nothing failed yet. The sender reports each new
   * failure to the health tracking, so that events waiting on credentials are never silent.
   */
  default Unavailable unavailable() {
    return null;
  }

  /**
   * Why requests cannot be authorized for now.
   *
   * @param failures failed tries so far (grows with each one)
   * @param cause the last failure, for logs and {@code DeliveryHealth.lastError}
   */
  record Unavailable(long failures, String cause) {}

  /** Registers what to call when {@link #ready()} may have changed (any thread). */
  default void onReadyChange(Runnable listener) {}

  /** Releases what the authorization holds (threads, connections). */
  default void close() {}

  /**
   * A request ready to send, or why it may not be sent.
   *
   * @param request what to send; {@code null} when {@code refusal} is set
   * @param refusal the attempt's outcome without sending; {@code null} when {@code request} is set
   */
  record Authorized(SdkHttpRequest request, Attempt refusal) {}
}
