package dev.hydrant.testkit;

/**
 * Called once for every record the emulated Firehose accepts, on the request's thread, before the
 * response is sent. Must be thread-safe and fast; an exception it throws is ignored.
 */
@FunctionalInterface
public interface RecordListener {

  /**
   * A record was accepted.
   *
   * @param record the accepted record and its decoded bytes
   */
  void delivered(DeliveredRecord record);
}
