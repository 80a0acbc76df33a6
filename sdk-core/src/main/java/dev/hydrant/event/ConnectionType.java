package dev.hydrant.event;

import java.util.Locale;

/**
 * How the device reaches the network ({@code connection_type} of a {@link NetworkLatencyEvent}).
 */
public enum ConnectionType {
  /** Wired Ethernet. */
  ETHERNET,
  /** Wi-Fi. */
  WIFI,
  /** A mobile network (LTE, 5G, ...). */
  CELLULAR,
  /** Anything else: powerline, MoCA, satellite return path, etc. */
  OTHER,
  /** The device cannot tell. */
  UNKNOWN;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** {@return the value on the wire: the constant's name in lower case, e.g. {@code wifi}} */
  public String wireName() {
    return wireName;
  }
}
