package dev.hydrant.internal.spool;

import dev.hydrant.BufferFullPolicy;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process a crash test kills: opens the spool, prints {@code READY}, then appends events from
 * several producer threads forever, printing {@code <deviceId> <seq>} after each {@code append}
 * returns. Each device's seq continues from {@link DiskSpool#lastSequences()}.
 *
 * <p>Arguments: spool directory, {@link Durability} name, number of producer threads.
 */
public final class SpoolCrashChild {
  private SpoolCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Durability durability = Durability.valueOf(args[1]);
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
        DiskSpool.open(
            config, BufferFullPolicy.block(java.time.Duration.ofMinutes(1)), (r, c, e) -> {});
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
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
