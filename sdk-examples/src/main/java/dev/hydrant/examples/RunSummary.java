package dev.hydrant.examples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@code produce} run: what was generated, accepted, acknowledged and (with the
 * embedded emulator) found again in S3, what it cost on the wire and in Firehose billing, the TLS
 * that was negotiated, and how fast. {@code verified}, {@code missing} and {@code duplicated} are
 * null when nothing could be read back (a real endpoint).
 *
 * @param target what the events went to, e.g. {@code embedded emulator (faults: none)} or a URL
 * @param devices simulated set-top boxes
 * @param generated events the fleet generated
 * @param accepted events {@code send} accepted
 * @param acknowledged events the proxy acknowledged
 * @param verified accepted events found in the S3 output, or null
 * @param missing accepted events not found in the S3 output, or null
 * @param duplicated extra copies found in the S3 output, or null
 * @param dropped events generated but not accepted, or dropped by the client
 * @param failed accepted events the client gave up on
 * @param pending accepted events still queued (in a disk spool) at the end
 * @param requests HTTP requests, retries included
 * @param records Firehose records sent, retries included
 * @param compression how records were encoded, {@code none} or {@code gzip(level=N)}
 * @param rawBytes NDJSON bytes of the events in the records Firehose accepted (uncompressed)
 * @param recordBytes bytes of the records Firehose accepted, as stored (compressed with gzip)
 * @param recordBytesExact whether {@code recordBytes} was measured per record (embedded) or
 *     estimated from the request bodies (real endpoint)
 * @param bytesSent request body bytes (the wire), retries included
 * @param retries requests sent again
 * @param billedBytes Firehose billed size of the records (each rounded up to 5 KiB)
 * @param billedExact whether {@code billedBytes} was measured per record (embedded) or estimated
 *     from the average record size (real endpoint)
 * @param billedBytesNaive billed size had each event been its own record
 * @param tlsProtocol negotiated protocol, or null if no handshake
 * @param tlsCipher negotiated cipher suite, or null
 * @param latencyP50Millis median accept-to-acknowledge latency, -1 if none
 * @param latencyP99Millis 99th percentile of that latency, -1 if none
 * @param elapsedMillis from the first event to the end of verification
 */
record RunSummary(
    String target,
    int devices,
    long generated,
    long accepted,
    long acknowledged,
    Long verified,
    Long missing,
    Long duplicated,
    long dropped,
    long failed,
    long pending,
    long requests,
    long records,
    String compression,
    long rawBytes,
    long recordBytes,
    boolean recordBytesExact,
    long bytesSent,
    long retries,
    long billedBytes,
    boolean billedExact,
    long billedBytesNaive,
    String tlsProtocol,
    String tlsCipher,
    long latencyP50Millis,
    long latencyP99Millis,
    long elapsedMillis) {

  /** Exit code: every accepted event acknowledged (and verified when verifiable). */
  static final int OK = 0;

  /** Exit code: some accepted event was not acknowledged, or is missing from S3. */
  static final int SHORTFALL = 1;

  /** Acknowledged events per second over the whole run. */
  double eventsPerSecond() {
    return elapsedMillis <= 0 ? 0 : acknowledged * 1000.0 / elapsedMillis;
  }

  /**
   * Whether every accepted event was acknowledged, none failed, and (if verifiable) all are in S3.
   */
  boolean complete() {
    return acknowledged >= accepted
        && failed == 0
        && dropped == 0
        && pending == 0
        && (missing == null || missing == 0);
  }

  /** {@link #OK} or {@link #SHORTFALL}. */
  int exitCode() {
    return complete() ? OK : SHORTFALL;
  }

  /** The summary as a JSON-ready map with snake_case keys. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", target);
    json.put("devices", devices);
    json.put("events_generated", generated);
    json.put("events_accepted", accepted);
    json.put("events_acknowledged", acknowledged);
    json.put("events_verified", verified);
    json.put("events_missing", missing);
    json.put("events_duplicated", duplicated);
    json.put("events_dropped", dropped);
    json.put("events_failed", failed);
    json.put("events_pending", pending);
    json.put("requests", requests);
    json.put("records", records);
    json.put("compression", compression);
    json.put("raw_bytes", rawBytes);
    json.put("record_bytes", recordBytes);
    json.put("record_bytes_exact", recordBytesExact);
    json.put("bytes_sent", bytesSent);
    json.put("retries", retries);
    json.put("billed_bytes", billedBytes);
    json.put("billed_bytes_exact", billedExact);
    json.put("billed_bytes_naive", billedBytesNaive);
    json.put("tls_protocol", tlsProtocol);
    json.put("tls_cipher", tlsCipher);
    json.put("latency_p50_ms", latencyP50Millis);
    json.put("latency_p99_ms", latencyP99Millis);
    json.put("elapsed_ms", elapsedMillis);
    json.put("events_per_sec", Math.round(eventsPerSecond() * 10) / 10.0);
    json.put("ok", complete());
    return json;
  }

  /** The human-readable summary, several lines, ending in a verdict. */
  String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Hydrant demo: %d set-top boxes -> %s, %.1f s%n",
            devices,
            target,
            elapsedMillis / 1000.0));
    row(sb, "events generated", count(generated));
    row(sb, "events accepted", count(accepted));
    row(sb, "events acknowledged", count(acknowledged));
    if (verified != null) {
      row(
          sb,
          "events verified",
          count(verified)
              + " read back from S3 (missing "
              + count(missing)
              + ", duplicated "
              + count(duplicated)
              + ")");
    } else {
      row(sb, "events verified", "n/a (a real endpoint's S3 bucket is not read back)");
    }
    row(sb, "events dropped", count(dropped) + (failed > 0 ? ", failed " + count(failed) : ""));
    if (pending > 0) {
      row(sb, "events pending", count(pending) + " (kept in the spool for the next run)");
    }
    row(sb, "requests", count(requests) + " (retries " + count(retries) + ")");
    row(sb, "Firehose records", count(records));
    row(
        sb,
        "event bytes",
        bytes(rawBytes)
            + " NDJSON in "
            + bytes(recordBytes)
            + (recordBytesExact ? "" : " (estimated)")
            + " of records, compression "
            + compression
            + (recordBytes > 0
                ? String.format(Locale.ROOT, " (%.1fx)", (double) rawBytes / recordBytes)
                : ""));
    row(sb, "bytes on the wire", bytes(bytesSent));
    String ratio =
        billedBytes > 0
            ? String.format(Locale.ROOT, ", %.0fx less", (double) billedBytesNaive / billedBytes)
            : "";
    row(
        sb,
        "Firehose billed size",
        bytes(billedBytes)
            + (billedExact ? "" : " (estimated)")
            + " vs "
            + bytes(billedBytesNaive)
            + " one event per record"
            + ratio);
    row(sb, "TLS", tlsProtocol == null ? "no handshake" : tlsProtocol + " " + tlsCipher);
    row(
        sb,
        "delivery latency",
        latencyP50Millis < 0
            ? "n/a"
            : "p50 " + count(latencyP50Millis) + " ms, p99 " + count(latencyP99Millis) + " ms");
    row(sb, "throughput", String.format(Locale.ROOT, "%,.0f events/s", eventsPerSecond()));
    if (complete()) {
      sb.append(
          verified != null
              ? "OK: every accepted event was acknowledged and found in S3.\n"
              : "OK: every accepted event was acknowledged.\n");
    } else {
      sb.append("SHORTFALL: ")
          .append(count(Math.max(0, accepted - acknowledged)))
          .append(" accepted events not acknowledged")
          .append(missing != null ? ", " + count(missing) + " missing from S3" : "")
          .append(".\n");
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String label, String value) {
    sb.append(String.format(Locale.ROOT, "  %-22s %s%n", label, value));
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Bytes in binary units with one decimal, e.g. {@code 18.4 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
