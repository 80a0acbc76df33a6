package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;
import java.util.Map;
import java.util.Set;

/** Firehose (and common AWS) error codes: which are retryable, which map to which reason. */
final class FirehoseErrors {
  private static final Map<String, FailureReason> FATAL =
      Map.ofEntries(
          Map.entry("ResourceNotFoundException", FailureReason.STREAM_NOT_FOUND),
          Map.entry("InvalidArgumentException", FailureReason.INVALID_ARGUMENT),
          Map.entry("ValidationException", FailureReason.INVALID_ARGUMENT),
          Map.entry("ValidationError", FailureReason.INVALID_ARGUMENT),
          Map.entry("SerializationException", FailureReason.INVALID_ARGUMENT),
          Map.entry("AccessDeniedException", FailureReason.ACCESS_DENIED),
          Map.entry("AccessDenied", FailureReason.ACCESS_DENIED),
          Map.entry("InvalidKMSResourceException", FailureReason.BACKEND_CONFIGURATION),
          Map.entry("InvalidSourceException", FailureReason.BACKEND_CONFIGURATION),
          Map.entry("IncompleteSignature", FailureReason.BACKEND_CONFIGURATION),
          Map.entry("InvalidClientTokenId", FailureReason.BACKEND_CONFIGURATION),
          Map.entry("UnknownOperationException", FailureReason.BACKEND_CONFIGURATION));

  private static final Set<String> RETRYABLE =
      Set.of(
          "ServiceUnavailableException",
          "ServiceUnavailable",
          "InternalFailure",
          "InternalFailureException",
          "ThrottlingException",
          "Throttling");

  private FirehoseErrors() {}

  /**
   * Normalises a {@code __type} or {@code x-amzn-ErrorType}: cut at the first {@code :}, keep what
   * follows the last {@code #}.
   */
  static String normalise(String type) {
    if (type == null) {
      return null;
    }
    String t = type;
    int colon = t.indexOf(':');
    if (colon >= 0) {
      t = t.substring(0, colon);
    }
    int hash = t.lastIndexOf('#');
    if (hash >= 0) {
      t = t.substring(hash + 1);
    }
    t = t.strip();
    return t.isEmpty() ? null : t;
  }

  static boolean isRetryable(String code) {
    return RETRYABLE.contains(code);
  }

  /**
   * The final reason of a known fatal code, or {@code null} if the code is not a known fatal one.
   */
  static FailureReason fatalReason(String code) {
    return FATAL.get(code);
  }

  static boolean isKnown(String code) {
    return isRetryable(code) || FATAL.containsKey(code);
  }
}
