package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.internal.spool.ChildJvm;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole pipeline under SIGKILL: a child JVM ({@link CrashProducerChild}) runs a real {@link
 * HydrantClient} with a disk spool, sending over TLS to a {@link FirehoseEmulator} with light
 * faults, and is killed at random moments (after a random number of {@code send} calls returned),
 * then restarted on the same spool. A last client drains the spool. Then every event whose {@code
 * send} returned must be in the emulator, at least once, and each {@code seq} must belong to one
 * event only and continue across restarts without gaps.
 *
 * <p>SIGKILL kills the process, not the machine: the kernel keeps written pages, so both {@link
 * SpoolDurability} modes must lose nothing here. It tests the pipeline's ordering (append before
 * return, ack only after delivery, recovery, seq recovery), not fsync. After a power loss, {@link
 * SpoolDurability#GROUP_COMMIT} may lose the events of the last commit interval, which this test
 * cannot simulate.
 */
class SpoolCrashEndToEndTest {
  static final int KILLS = 12;
  static final int MAX_SENDS_PER_LIFE = 1_000;
  static final String PAUSE_MICROS = "500";
  static final String DEVICE = "stb-crash-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SpoolDurability.class)
  @Timeout(240)
  void everySentEventIsDeliveredAndSeqNeverRepeatsAcrossRepeatedKills(SpoolDurability durability)
      throws Exception {
    Random random = new Random(1_000 + durability.ordinal());
    Path spool = dir.resolve("spool");
    Path ca = dir.resolve("ca.pem");
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .quotas(FirehoseQuotas.UNLIMITED)
            .faults(Faults.flaky(7))
            .build()
            .start()) {
      Files.writeString(ca, emulator.caCertificatePem());
      String endpoint = emulator.endpoint().toString();
      Map<String, Long> sent = new LinkedHashMap<>();
      long lastSeq = 0;
      for (int life = 0; life < KILLS; life++) {
        ChildJvm child =
            ChildJvm.start(
                CrashProducerChild.class,
                dir,
                spool.toString(),
                durability.name(),
                endpoint,
                ca.toString(),
                DEVICE,
                PAUSE_MICROS);
        // The random moment of the kill: after a random number of sends returned.
        int sends = 1 + random.nextInt(MAX_SENDS_PER_LIFE);
        List<String> lines;
        try {
          assertTrue(
              child.awaitLines(1 + sends, 60, TimeUnit.SECONDS), "child sends, life " + life);
        } finally {
          lines = child.kill();
        }
        assertEquals("READY", lines.get(0), "life " + life);
        boolean first = true;
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split(" ", 3);
          assertEquals("SENT", f[0], "the child reported: " + line);
          long seq = Long.parseLong(f[2]);
          if (first) {
            // The event being sent at the kill may have been stored without being printed.
            assertTrue(
                seq == lastSeq + 1 || seq == lastSeq + 2 && life > 0,
                "life " + life + " continues after seq " + lastSeq + ", starts at " + seq);
            first = false;
          } else {
            assertEquals(lastSeq + 1, seq, "seq within life " + life);
          }
          lastSeq = seq;
          assertNull(sent.put(f[1], seq), "event_id printed twice: " + line);
        }
      }

      List<String> drainProblems = new CopyOnWriteArrayList<>();
      HydrantClient drain =
          CrashProducerChild.client(spool, durability, endpoint, ca)
              .listener(problemRecorder(drainProblems))
              .build();
      boolean drained;
      boolean clean;
      try {
        drained = drain.flush(Duration.ofSeconds(60));
      } finally {
        clean = drain.close(Duration.ofSeconds(10));
      }
      assertTrue(drained, "the last client drains the spool");
      assertTrue(clean, "clean close");
      assertEquals(List.of(), drainProblems);

      Map<String, Long> deliveries = new HashMap<>();
      TreeMap<Long, String> idBySeq = new TreeMap<>();
      List<String> seqConflicts = new ArrayList<>();
      for (String line : emulator.deliveredLines()) {
        JsonNode node = JSON.readTree(line);
        assertEquals(DEVICE, node.get("device_id").asText(), line);
        String id = node.get("event_id").asText();
        long seq = node.get("seq").asLong();
        deliveries.merge(id, 1L, Long::sum);
        String other = idBySeq.putIfAbsent(seq, id);
        if (other != null && !other.equals(id)) {
          seqConflicts.add("seq " + seq + ": " + other + " and " + id);
        }
      }
      List<String> lost = sent.keySet().stream().filter(id -> !deliveries.containsKey(id)).toList();
      assertEquals(List.of(), lost, "events whose send returned before a kill, never delivered");
      assertEquals(List.of(), seqConflicts, "one seq, two different events");
      for (Map.Entry<String, Long> e : sent.entrySet()) {
        assertEquals(e.getKey(), idBySeq.get(e.getValue()), "the seq printed for " + e.getKey());
      }
      long maxSeq = idBySeq.lastKey();
      assertEquals(
          LongStream.rangeClosed(1, maxSeq).boxed().collect(Collectors.toCollection(TreeSet::new)),
          new TreeSet<>(idBySeq.keySet()),
          "delivered seqs have no gaps");
      assertTrue(maxSeq == lastSeq || maxSeq == lastSeq + 1, "max seq " + maxSeq);
      long unprinted = deliveries.keySet().stream().filter(id -> !sent.containsKey(id)).count();
      assertTrue(unprinted <= KILLS, "at most one event per kill in send() at the kill");
      assertTrue(sent.size() > KILLS, "events sent: " + sent.size());

      long duplicated = deliveries.values().stream().filter(n -> n > 1).count();
      long extra = deliveries.values().stream().mapToLong(n -> n - 1).sum();
      System.out.printf(
          "SpoolCrashEndToEnd %s: %d kills, %d sends returned, %d distinct events delivered"
              + " (%d stored but unprinted), %d duplicate deliveries of %d events (%.2f%%, %.0f"
              + " per kill), emulator %s%n",
          durability,
          KILLS,
          sent.size(),
          deliveries.size(),
          unprinted,
          extra,
          duplicated,
          100.0 * extra / deliveries.size(),
          (double) extra / KILLS,
          emulator.stats().gatewayRequestsByStatus());
    }
  }

  static DeliveryListener problemRecorder(List<String> problems) {
    return new DeliveryListener() {
      @Override
      public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
        problems.add("FAILED " + reason + " " + events.size() + " " + detail);
      }

      @Override
      public void onDropped(DropReason reason, long count, List<EventRef> events) {
        problems.add("DROPPED " + reason + " " + count);
      }
    };
  }
}
