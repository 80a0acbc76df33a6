package dev.hydrant.benchmarks;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.internal.codec.EventCodec;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The physical floor of shipping one event, measured in the JVM that runs the client (same JIT,
 * same flags, same CPU pinning): the per-event CPU time of building a sample event, encoding it
 * ({@link EventCodec}), base64 of the line (the Firehose JSON body carries base64) and encrypting
 * those base64 bytes with AES-128-GCM and with ChaCha20-Poly1305, in 16 KiB records as TLS does.
 * Every client must at least encode, base64 and encrypt, so {@link #floorMicros()} is encode +
 * base64 + AES-GCM; building the event is the caller's work with any client and is shown apart.
 *
 * <p>The primitives run on the calling thread, timed with its CPU clock, in interleaved rounds over
 * the four sample event types in turn, until the figures stop falling and the JIT is done (1.25 s
 * at least, 20 s at most); each figure is its lowest round.
 *
 * @param buildNanos building one event, ns
 * @param encodeNanos encoding one event to its NDJSON line, ns
 * @param base64Nanos base64 of one line, ns
 * @param aesGcmNanos AES-128-GCM of one line's base64 bytes, ns
 * @param chachaNanos ChaCha20-Poly1305 of one line's base64 bytes, ns
 * @param lineBytes mean NDJSON line length, bytes
 */
record Floor(
    double buildNanos,
    double encodeNanos,
    double base64Nanos,
    double aesGcmNanos,
    double chachaNanos,
    double lineBytes) {

  /** Rounds in a row that must change nothing before the measurement ends. */
  static final int QUIET_ROUNDS = 4;

  /** The measurement ends after this long even while figures still fall, ms. */
  static final long LIMIT_MILLIS = 20_000;

  /** How long each op runs in a round, ms. */
  static final long ROUND_MILLIS = 50;

  /** Prefix of a child JVM's floor line on standard output. */
  static final String PREFIX = "CHILD-FLOOR ";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int TLS_RECORD = 16 * 1024;
  private static final int EVENTS = 64;

  /** Encode + base64 + AES-GCM per event, µs: what every client must spend at least. */
  double floorMicros() {
    return (encodeNanos + base64Nanos + aesGcmNanos) / 1000.0;
  }

  /** One operation of a primitive; returns something derived from its output. */
  @FunctionalInterface
  private interface Op {
    long run(int i) throws GeneralSecurityException;
  }

  /** Measures the primitives on this thread; takes 1.25 to 20 s. */
  static Floor measure() throws GeneralSecurityException {
    DeviceContext device = SampleEvents.device("stb-floor-0000");
    SampleEvents[] types = SampleEvents.values();
    EventCodec codec = new EventCodec();
    TelemetryEvent[] events = new TelemetryEvent[EVENTS];
    byte[][] lines = new byte[EVENTS][];
    long lineTotal = 0;
    long base64Total = 0;
    for (int i = 0; i < EVENTS; i++) {
      events[i] = types[i % types.length].create(device);
      lines[i] = codec.encode(events[i], i);
      lineTotal += lines[i].length;
      base64Total += Base64.getEncoder().encode(lines[i]).length;
    }
    double base64PerEvent = (double) base64Total / EVENTS;
    byte[] record = new byte[TLS_RECORD];
    byte[] out = new byte[TLS_RECORD + 64];
    for (int i = 0; i < record.length; i++) {
      record[i] = (byte) ('A' + i % 26);
    }
    SecretKeySpec aesKey = new SecretKeySpec(new byte[16], "AES");
    SecretKeySpec chachaKey = new SecretKeySpec(new byte[32], "ChaCha20");
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    Cipher chacha = Cipher.getInstance("ChaCha20-Poly1305");
    byte[] nonce = new byte[12];
    Op[] ops = {
      i -> types[i % types.length].create(device).eventId().hashCode(),
      i -> codec.encode(events[i % EVENTS], i).length,
      i -> Base64.getEncoder().encode(lines[i % EVENTS]).length,
      i -> {
        next(nonce);
        aes.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(128, nonce));
        return aes.doFinal(record, 0, record.length, out, 0);
      },
      i -> {
        next(nonce);
        chacha.init(Cipher.ENCRYPT_MODE, chachaKey, new IvParameterSpec(nonce));
        return chacha.doFinal(record, 0, record.length, out, 0);
      }
    };
    double[] best = lowestPerOp(ops);
    double build = best[0];
    double encode = best[1];
    double base64 = best[2];
    double aesRecord = best[3];
    double chachaRecord = best[4];
    return new Floor(
        build,
        encode,
        base64,
        aesRecord * base64PerEvent / TLS_RECORD,
        chachaRecord * base64PerEvent / TLS_RECORD,
        (double) lineTotal / EVENTS);
  }

  /** A nonce never used before in this JVM: a counter in its first eight bytes. */
  private static void next(byte[] nonce) {
    long n = ++nonces;
    for (int b = 0; b < 8; b++) {
      nonce[b] = (byte) (n >>> (8 * b));
    }
  }

  /** Every operation's result folded in, so the JIT cannot drop the work. */
  private static volatile long sink;

  private static long nonces;

  /**
   * CPU ns per operation of each op: the lowest of rounds that each run every op in turn for
   * {@value #ROUND_MILLIS} ms, the ones least disturbed by other processes. Rounds go on until
   * {@value #QUIET_ROUNDS} in a row neither lowered any op's figure by more than 3 % nor saw the
   * JIT compile (a loaded machine starves the compiler threads, so a fixed warm-up is not enough),
   * for at most {@value #LIMIT_MILLIS} ms. Interleaving lets the JIT see every op before it
   * compiles the shared loop.
   */
  private static double[] lowestPerOp(Op[] ops) throws GeneralSecurityException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
    long end = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
    double[] best = new double[ops.length];
    Arrays.fill(best, Double.MAX_VALUE);
    int quiet = 0;
    while (quiet < QUIET_ROUNDS && System.nanoTime() < end) {
      long compiled = jitTimed ? jit.getTotalCompilationTime() : 0;
      boolean lowered = false;
      for (int k = 0; k < ops.length; k++) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long n = loop(ops[k], ROUND_MILLIS);
        double perOp = (double) (THREADS.getCurrentThreadCpuTime() - cpu0) / n;
        if (perOp < best[k] * 0.97) {
          lowered = true;
        }
        best[k] = Math.min(best[k], perOp);
      }
      boolean compiling = jitTimed && jit.getTotalCompilationTime() != compiled;
      quiet = lowered || compiling ? 0 : quiet + 1;
    }
    return best;
  }

  private static long loop(Op op, long millis) throws GeneralSecurityException {
    long end = System.nanoTime() + millis * 1_000_000;
    long ops = 0;
    long acc = 0;
    do {
      for (int i = 0; i < 64; i++) {
        acc += op.run((int) ops + i);
      }
      ops += 64;
    } while (System.nanoTime() < end);
    sink = sink * 31 + acc;
    return ops;
  }

  /** One line of {@code key=value} pairs, for a child JVM to hand its floor to its parent. */
  String toLine() {
    return String.format(
        Locale.ROOT,
        "buildNanos=%.3f encodeNanos=%.3f base64Nanos=%.3f aesGcmNanos=%.3f chachaNanos=%.3f"
            + " lineBytes=%.3f",
        buildNanos,
        encodeNanos,
        base64Nanos,
        aesGcmNanos,
        chachaNanos,
        lineBytes);
  }

  /**
   * Parses {@link #toLine()}.
   *
   * @throws IllegalArgumentException if a field is missing or malformed
   */
  static Floor parse(String line) {
    KeyValueLine f = KeyValueLine.parse(line);
    return new Floor(
        f.asDouble("buildNanos"),
        f.asDouble("encodeNanos"),
        f.asDouble("base64Nanos"),
        f.asDouble("aesGcmNanos"),
        f.asDouble("chachaNanos"),
        f.asDouble("lineBytes"));
  }
}
