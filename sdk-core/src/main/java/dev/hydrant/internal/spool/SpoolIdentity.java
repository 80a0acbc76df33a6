package dev.hydrant.internal.spool;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The random 128-bit identity of one spool directory, written into every segment header and state
 * file, so that a file copied from another spool (a restored backup, a swapped card) is recognised
 * instead of being trusted. Immutable.
 */
record SpoolIdentity(long high, long low) {
  private static final SecureRandom RANDOM = new SecureRandom();

  static SpoolIdentity random() {
    return new SpoolIdentity(RANDOM.nextLong(), RANDOM.nextLong());
  }

  static SpoolIdentity readFrom(ByteBuffer b) {
    return new SpoolIdentity(b.getLong(), b.getLong());
  }

  void writeTo(ByteBuffer b) {
    b.putLong(high).putLong(low);
  }

  @Override
  public String toString() {
    return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
  }
}
