package dev.hydrant;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.tls.Trust;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link SpoolCrashEndToEndTest} kills: a real {@link HydrantClient} with a disk spool,
 * sending to the emulator over TLS from one thread, forever. It prints {@code READY}, then {@code
 * SENT <event_id> <seq>} right after each {@code send} returned {@code true}; its listener prints
 * {@code FAILED <reason> <count> <detail>} and {@code DROPPED <reason> <count>}, so the parent sees
 * every event that did not end in a delivery.
 *
 * <p>Arguments: spool directory, {@link SpoolDurability} name, endpoint URL, CA certificate PEM
 * file, device id, pause between events in microseconds (the device's event rate: it keeps a life
 * long enough for the sender to connect and deliver while events keep coming, so that kills land in
 * the middle of requests and acks, not only before the first one).
 */
public final class CrashProducerChild {
  private CrashProducerChild() {}

  public static void main(String[] args) {
    Path spool = Path.of(args[0]);
    SpoolDurability durability = SpoolDurability.valueOf(args[1]);
    String endpoint = args[2];
    Path caPem = Path.of(args[3]);
    DeviceContext device = DeviceContext.builder(args[4]).model("crash-box").build();
    long pauseNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[5]));
    // Flushed on every line: a line the parent reads was printed after its send returned.
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    try {
      ChildListener listener = new ChildListener(out);
      HydrantClient client = client(spool, durability, endpoint, caPem).listener(listener).build();
      out.println("READY");
      for (long i = 0; ; i++) {
        VideoQualityEvent event =
            VideoQualityEvent.builder(device)
                .playbackState(PlaybackState.PLAYING)
                .sessionId("session-" + i / 100)
                .bitrateKbps(3_000 + i % 1_000)
                .build();
        if (!client.send(event)) {
          out.println("REFUSED " + event.eventId());
          continue;
        }
        out.println("SENT " + event.eventId() + " " + listener.lastSeq);
        LockSupport.parkNanos(pauseNanos);
      }
    } catch (RuntimeException e) {
      out.println("ERROR " + e);
    }
  }

  /** The client configuration every life of the child, and the parent's final drain, share. */
  static HydrantClientBuilder client(
      Path spool, SpoolDurability durability, String endpoint, Path caPem) {
    return HydrantClient.builder()
        .endpoint(endpoint)
        .deliveryStream("stb-telemetry")
        .route(Route.BATCH)
        .trust(Trust.pemFile(caPem))
        .spoolDirectory(spool)
        .spoolDurability(durability)
        .linger(Duration.ofMillis(20))
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(200));
  }

  /** Prints what did not end in a delivery; remembers the seq of the last accepted event. */
  private static final class ChildListener implements DeliveryListener {
    private final PrintStream out;

    /** Written by {@code onAccepted}, which runs on the (one) sending thread inside send(). */
    long lastSeq;

    ChildListener(PrintStream out) {
      this.out = out;
    }

    @Override
    public void onAccepted(String deviceId, long seq) {
      lastSeq = seq;
    }

    @Override
    public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
      out.println("FAILED " + reason + " " + events.size() + " " + detail);
    }

    @Override
    public void onDropped(DropReason reason, long count, List<EventRef> events) {
      out.println("DROPPED " + reason + " " + count);
    }
  }
}
