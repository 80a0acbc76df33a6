package dev.hydrant;

import java.time.Instant;
import java.util.Objects;

/**
 * An HTTP attempt is about to be sent: reported by {@link DeliveryListener#onAttemptStart}, and
 * later ended by exactly one {@link AttemptEnd} with the same {@link #id()}.
 *
 * @param id this attempt's number, unique within the client, counting up from 1
 * @param route the proxy route it goes to
 * @param records Firehose records in the request
 * @param events events those records carry
 * @param rawBytes the records' raw bytes (NDJSON lines, before base64, JSON framing and gzip)
 * @param resentRecords how many of the records were in an earlier attempt that failed
 * @param startedAt when it was handed to the HTTP client (client clock)
 */
public record AttemptStart(
    long id,
    Route route,
    int records,
    int events,
    long rawBytes,
    int resentRecords,
    Instant startedAt) {
  /**
   * Checks that the reference components are present.
   *
   * @param id this attempt's number, unique within the client, counting up from 1
   * @param route the proxy route it goes to
   * @param records Firehose records in the request
   * @param events events those records carry
   * @param rawBytes the records' raw bytes (NDJSON lines, before base64, JSON framing and gzip)
   * @param resentRecords how many of the records were in an earlier attempt that failed
   * @param startedAt when it was handed to the HTTP client (client clock)
   * @throws NullPointerException if {@code route} or {@code startedAt} is null
   */
  public AttemptStart {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
