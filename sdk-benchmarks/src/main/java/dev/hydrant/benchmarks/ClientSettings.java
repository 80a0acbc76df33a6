package dev.hydrant.benchmarks;

import dev.hydrant.HydrantClientBuilder;
import dev.hydrant.Route;

/**
 * The Hydrant client settings a load run may change; everything else keeps the library default.
 *
 * @param route the proxy route
 * @param bufferMaxBytes the memory buffer's byte cap, 0 for the default
 * @param batchMaxBytes the largest batch request, raw bytes, 0 for the default
 * @param maxInFlight the most requests in flight at once, 0 for the default
 */
record ClientSettings(Route route, long bufferMaxBytes, long batchMaxBytes, int maxInFlight) {

  /** The batch route and library defaults otherwise. */
  static final ClientSettings DEFAULTS = new ClientSettings(Route.BATCH, 0, 0, 0);

  /** The same settings with {@code maxInFlight} requests in flight (0: the default). */
  ClientSettings withMaxInFlight(int maxInFlight) {
    return new ClientSettings(route, bufferMaxBytes, batchMaxBytes, maxInFlight);
  }

  /** Applies the settings that differ from the defaults. */
  HydrantClientBuilder apply(HydrantClientBuilder builder) {
    builder.route(route);
    if (bufferMaxBytes > 0) {
      builder.bufferMaxBytes(bufferMaxBytes);
    }
    if (batchMaxBytes > 0) {
      builder.batchMaxBytes(batchMaxBytes);
    }
    if (maxInFlight > 0) {
      builder.maxInFlight(maxInFlight);
    }
    return builder;
  }

  /** The settings as four command-line words, for a child JVM. */
  String[] toArgs() {
    return new String[] {
      route.name(),
      Long.toString(bufferMaxBytes),
      Long.toString(batchMaxBytes),
      Integer.toString(maxInFlight)
    };
  }

  /**
   * Parses {@link #toArgs()} from {@code args} at {@code offset}.
   *
   * @throws IllegalArgumentException if a word is malformed
   */
  static ClientSettings fromArgs(String[] args, int offset) {
    return new ClientSettings(
        Route.valueOf(args[offset]),
        Long.parseLong(args[offset + 1]),
        Long.parseLong(args[offset + 2]),
        Integer.parseInt(args[offset + 3]));
  }

  @Override
  public String toString() {
    return "route="
        + route
        + ", bufferMaxBytes="
        + (bufferMaxBytes > 0 ? bufferMaxBytes : "default")
        + ", batchMaxBytes="
        + (batchMaxBytes > 0 ? batchMaxBytes : "default")
        + ", maxInFlight="
        + (maxInFlight > 0 ? maxInFlight : "default");
  }
}
