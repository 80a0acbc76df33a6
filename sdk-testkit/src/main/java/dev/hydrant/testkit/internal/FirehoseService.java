package dev.hydrant.testkit.internal;

import dev.hydrant.testkit.FirehoseQuotas;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The emulated Firehose API (JSON 1.1): PutRecord, PutRecordBatch and ListDeliveryStreams with
 * Firehose's validation, limits, quotas and error shapes. Thread-safe.
 */
public final class FirehoseService {

  /** Largest record, in raw (decoded) bytes. */
  public static final int MAX_RECORD_BYTES = 1_024_000;

  /** Most records in one PutRecordBatch. */
  public static final int MAX_BATCH_RECORDS = 500;

  /** Largest PutRecordBatch, in raw bytes summed over its records. */
  public static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  static final String ACCOUNT = "123456789012";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
  private static final Base64.Encoder ID_ENCODER = Base64.getEncoder();

  private final Set<String> streams = ConcurrentHashMap.newKeySet();
  private final FirehoseQuotas quotas;
  private final int serviceUnavailableStatus;
  private final FaultInjector faults;
  private final DeliveryLog log;
  private final LongSupplier nanoTime;
  private final Map<String, Quota> quotaByStream = new ConcurrentHashMap<>();

  private final class Quota {
    final TokenBucket requests =
        new TokenBucket(quotas.requestsPerSecond(), quotas.requestsPerSecond(), nanoTime);
    final TokenBucket records =
        new TokenBucket(quotas.recordsPerSecond(), quotas.recordsPerSecond(), nanoTime);
    final TokenBucket bytes =
        new TokenBucket(quotas.bytesPerSecond(), quotas.bytesPerSecond(), nanoTime);
  }

  /**
   * @param streams existing delivery streams
   * @param quotas per-stream quotas
   * @param serviceUnavailableStatus HTTP status of ServiceUnavailableException (500 or 503)
   * @param faults backend fault decisions
   * @param log where accepted records go
   * @param nanoTime monotonic clock for the quotas
   */
  public FirehoseService(
      Set<String> streams,
      FirehoseQuotas quotas,
      int serviceUnavailableStatus,
      FaultInjector faults,
      DeliveryLog log,
      LongSupplier nanoTime) {
    this.streams.addAll(streams);
    this.quotas = quotas;
    this.serviceUnavailableStatus = serviceUnavailableStatus;
    this.faults = faults;
    this.log = log;
    this.nanoTime = nanoTime;
  }

  /** Creates a delivery stream (no-op if it exists). */
  public void addStream(String name) {
    streams.add(name);
  }

  /** Replaces the existing streams with {@code names}. */
  public void resetStreams(Set<String> names) {
    streams.retainAll(names);
    streams.addAll(names);
  }

  /** The existing stream names. */
  public Set<String> streams() {
    return Set.copyOf(streams);
  }

  /**
   * Runs one operation.
   *
   * @param operation {@code PutRecord}, {@code PutRecordBatch} or {@code ListDeliveryStreams};
   *     anything else gives UnknownOperationException
   * @param body the JSON request, as Firehose would receive it
   */
  public FirehoseResult invoke(String operation, String body) {
    FirehoseResult result;
    try {
      result =
          switch (operation == null ? "" : operation) {
            case "PutRecord" -> putRecord(body);
            case "PutRecordBatch" -> putRecordBatch(body);
            case "ListDeliveryStreams" -> listDeliveryStreams(body);
            default ->
                FirehoseResult.error(
                    400, "UnknownOperationException", "Unknown operation " + operation);
          };
    } catch (IOException | IllegalArgumentException e) {
      result = FirehoseResult.error(400, "SerializationException", serializationMessage(e));
    }
    log.firehoseOutcome(result.errorType() == null ? "OK" : result.errorType());
    return result;
  }

  private static String serializationMessage(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private FirehoseResult putRecord(String body) throws IOException {
    FirehoseRequests.PutRecord request = FirehoseRequests.putRecord(body);
    String name = request.name();
    String data = request.data();
    List<String> errors = new ArrayList<>();
    validateName(name, errors);
    if (data == null) {
      errors.add("Value null at 'record' failed to satisfy constraint: Member must not be null");
    }
    byte[] raw = data == null ? null : decode(data);
    if (raw != null && raw.length > MAX_RECORD_BYTES) {
      errors.add(tooLong("record.data", MAX_RECORD_BYTES));
    }
    if (!errors.isEmpty()) {
      return validation(errors);
    }
    FirehoseResult rejected = admit(name, 1, raw.length);
    if (rejected != null) {
      return rejected;
    }
    String id = recordId();
    log.deliver(name, id, raw);
    return FirehoseResult.ok("{\"RecordId\":\"" + id + "\",\"Encrypted\":false}");
  }

  private FirehoseResult putRecordBatch(String body) throws IOException {
    FirehoseRequests.PutRecordBatch request = FirehoseRequests.putRecordBatch(body);
    String name = request.name();
    List<String> datas = request.datas();
    List<String> errors = new ArrayList<>();
    validateName(name, errors);
    if (datas == null) {
      errors.add("Value null at 'records' failed to satisfy constraint: Member must not be null");
    } else if (datas.isEmpty()) {
      errors.add(
          "Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1");
    } else if (datas.size() > MAX_BATCH_RECORDS) {
      errors.add(
          "Value at 'records' failed to satisfy constraint: Member must have length less than or equal to "
              + MAX_BATCH_RECORDS);
    }
    List<byte[]> raws = new ArrayList<>();
    long total = 0;
    if (datas != null) {
      for (int i = 0; i < datas.size(); i++) {
        String data = datas.get(i);
        if (data == null) {
          errors.add(
              "Value null at 'records."
                  + (i + 1)
                  + ".member.data' failed to satisfy constraint: Member must not be null");
          raws.add(null);
          continue;
        }
        byte[] raw = decode(data);
        if (raw.length > MAX_RECORD_BYTES) {
          errors.add(tooLong("records." + (i + 1) + ".member.data", MAX_RECORD_BYTES));
        }
        total += raw.length;
        raws.add(raw);
      }
    }
    if (!errors.isEmpty()) {
      return validation(errors);
    }
    if (total > MAX_BATCH_BYTES) {
      return FirehoseResult.error(
          400, "InvalidArgumentException", "Records size exceeds 4 MB limit");
    }
    FirehoseResult rejected = admit(name, 0, 0);
    if (rejected != null) {
      return rejected;
    }
    Quota quota = quota(name);
    StringBuilder out = new StringBuilder(64 + raws.size() * 240);
    out.append("\"RequestResponses\":[");
    int failedCount = 0;
    for (int i = 0; i < raws.size(); i++) {
      byte[] raw = raws.get(i);
      if (i > 0) {
        out.append(',');
      }
      boolean fits = quota.records.tryTake(1) && quota.bytes.tryTake(raw.length);
      if (!fits || faults.entryFailure()) {
        failedCount++;
        out.append(
            "{\"ErrorCode\":\"ServiceUnavailableException\",\"ErrorMessage\":\"Slow down.\"}");
      } else {
        String id = recordId();
        log.deliver(name, id, raw);
        out.append("{\"RecordId\":\"").append(id).append("\"}");
      }
    }
    out.append("]}");
    log.failedEntries(failedCount);
    return FirehoseResult.ok("{\"FailedPutCount\":" + failedCount + ",\"Encrypted\":false," + out);
  }

  private FirehoseResult listDeliveryStreams(String body) throws IOException {
    FirehoseRequests.ListDeliveryStreams request = FirehoseRequests.listDeliveryStreams(body);
    int limit = request.limit();
    String start = request.exclusiveStart();
    if (limit < 1 || limit > 10_000) {
      return validation(
          List.of(
              "Value '"
                  + limit
                  + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000"));
    }
    List<String> names = new ArrayList<>();
    boolean more = false;
    for (String name : new TreeSet<>(streams)) {
      if (start != null && name.compareTo(start) <= 0) {
        continue;
      }
      if (names.size() == limit) {
        more = true;
        break;
      }
      names.add('"' + FirehoseResult.quote(name) + '"');
    }
    return FirehoseResult.ok(
        "{\"DeliveryStreamNames\":["
            + String.join(",", names)
            + "],\"HasMoreDeliveryStreams\":"
            + more
            + "}");
  }

  /** Stream existence, the request quota, single-record quotas and injected whole-call errors. */
  private FirehoseResult admit(String name, int records, int bytes) {
    if (!streams.contains(name)) {
      return FirehoseResult.error(
          400,
          "ResourceNotFoundException",
          "Firehose " + name + " under account " + ACCOUNT + " not found.");
    }
    Quota quota = quota(name);
    boolean within =
        quota.requests.tryTake(1)
            && (records == 0 || (quota.records.tryTake(records) && quota.bytes.tryTake(bytes)));
    if (!within || faults.backendError()) {
      return FirehoseResult.error(
          serviceUnavailableStatus, "ServiceUnavailableException", "Slow down.");
    }
    return null;
  }

  private Quota quota(String name) {
    return quotaByStream.computeIfAbsent(name, n -> new Quota());
  }

  private static void validateName(String name, List<String> errors) {
    if (name == null) {
      errors.add(
          "Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null");
      return;
    }
    String prefix = "Value '" + name + "' at 'deliveryStreamName' failed to satisfy constraint: ";
    if (name.isEmpty()) {
      errors.add(prefix + "Member must have length greater than or equal to 1");
    } else if (name.length() > 64) {
      errors.add(prefix + "Member must have length less than or equal to 64");
    }
    if (!NAME.matcher(name).matches()) {
      errors.add(prefix + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
  }

  private static String tooLong(String member, int max) {
    return "Value at '"
        + member
        + "' failed to satisfy constraint: Member must have length less than or equal to "
        + max;
  }

  private static FirehoseResult validation(List<String> errors) {
    String head =
        errors.size()
            + (errors.size() == 1
                ? " validation error detected: "
                : " validation errors detected: ");
    return FirehoseResult.error(400, "ValidationException", head + String.join("; ", errors));
  }

  /** Strict standard base64: padded, no line breaks, no URL-safe alphabet. */
  private static byte[] decode(String data) {
    if (data.length() % 4 != 0) {
      throw new IllegalArgumentException(
          "Base64 encoded Data is not a multiple of 4 characters: " + data.length());
    }
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Failed to decode base64 Data: " + e.getMessage(), e);
    }
  }

  private static String recordId() {
    byte[] random = new byte[168];
    ThreadLocalRandom.current().nextBytes(random);
    return ID_ENCODER.encodeToString(random);
  }
}
