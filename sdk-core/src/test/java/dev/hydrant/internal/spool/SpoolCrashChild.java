package dev.hydrant.internal.spool;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.SpoolDurability;
import dev.hydrant.internal.buffer.BufferedEvent;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The process a crash test kills: opens the spool, prints {@code READY}, then appends events from
 * several producer threads forever, printing {@code <deviceId> <seq>} after each {@code append}
 * returns. Each device's seq continues from {@link DiskSpool#lastSequences()}.
 *
 * <p>With a fourth argument {@code sender}, a sender thread also takes batches, acks most of each
 * (out of order: every seventh event is released and acked later), printing {@code ACKING
 * <deviceId>:<seq> ...} before each {@code ack} and {@code ACKED} after it returns, so kills also
 * land in the middle of acks and the parent knows which events were surely acked.
 *
 * <p>Arguments: spool directory, {@link SpoolDurability} name, number of producer threads,
 * optionally {@code sender}.
 */
public final class SpoolCrashChild {
  private SpoolCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    SpoolDurability durability = SpoolDurability.valueOf(args[1]);
    int producers = Integer.parseInt(args[2]);
    // Unbuffered: a line the parent reads was printed after its append returned.
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    SpoolConfig config =
        SpoolConfig.builder(dir)
            .segmentBytes(SpoolConfig.MIN_SEGMENT_BYTES * 4)
            .durability(durability)
            .build();
    DiskSpool spool =
        DiskSpool.open(config, BufferFullPolicy.block(Duration.ofMinutes(1)), (r, c, e) -> {});
    Map<String, Long> last = spool.lastSequences();
    Thread[] threads = new Thread[producers];
    for (int t = 0; t < producers; t++) {
      String device = "box-" + t;
      long start = last.getOrDefault(device, 0L) + 1;
      threads[t] =
          new Thread(
              () -> {
                try {
                  for (long seq = start; ; seq++) {
                    spool.append(
                        device, seq, System.currentTimeMillis(), SpoolTesting.line(seq, 300));
                    synchronized (out) {
                      out.println(device + " " + seq);
                    }
                  }
                } catch (Exception e) {
                  synchronized (out) {
                    out.println("ERROR " + e);
                  }
                }
              });
    }
    out.println("READY");
    if (args.length > 3 && args[3].equals("sender")) {
      Thread sender = new Thread(() -> send(spool, out), "sender");
      sender.setDaemon(true);
      sender.start();
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static void send(DiskSpool spool, PrintStream out) {
    try {
      while (true) {
        spool.awaitAvailable(50, Long.MAX_VALUE, 10, TimeUnit.MILLISECONDS);
        List<BufferedEvent> batch = spool.take(100, Long.MAX_VALUE);
        List<BufferedEvent> acked = new ArrayList<>();
        List<BufferedEvent> retry = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          (i % 7 == 3 ? retry : acked).add(batch.get(i));
        }
        if (acked.isEmpty()) {
          spool.release(retry);
          continue;
        }
        StringBuilder ids = new StringBuilder("ACKING");
        for (BufferedEvent e : acked) {
          ids.append(' ').append(e.deviceId()).append(':').append(e.seq());
        }
        synchronized (out) {
          out.println(ids);
        }
        spool.ack(acked);
        synchronized (out) {
          out.println("ACKED");
        }
        spool.release(retry);
      }
    } catch (Exception e) {
      synchronized (out) {
        out.println("ERROR " + e);
      }
    }
  }
}
