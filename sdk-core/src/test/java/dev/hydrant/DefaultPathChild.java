package dev.hydrant;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.tls.Trust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link DefaultPathClassesTest} inspects: builds a client with nothing but the
 * required options on each route, delivers one event through it to the emulator and prints {@code
 * DELIVERED <route>}, then exits. Arguments: endpoint URL, CA certificate PEM file.
 */
public final class DefaultPathChild {
  private DefaultPathChild() {}

  public static void main(String[] args) throws InterruptedException {
    DeviceContext device = DeviceContext.builder("stb-default-path").build();
    for (Route route : Route.values()) {
      CountDownLatch delivered = new CountDownLatch(1);
      HydrantClient client =
          HydrantClient.builder()
              .endpoint(args[0])
              .deliveryStream("stb-telemetry")
              .trust(Trust.pemFile(Path.of(args[1])))
              .route(route)
              .listener(
                  new DeliveryListener() {
                    @Override
                    public void onDelivered(List<EventRef> events) {
                      delivered.countDown();
                    }
                  })
              .build();
      client.send(
          VideoQualityEvent.builder(device)
              .playbackState(PlaybackState.PLAYING)
              .bitrateKbps(3_000)
              .build());
      client.flush(Duration.ofSeconds(30));
      if (delivered.await(60, TimeUnit.SECONDS)) {
        System.out.println("DELIVERED " + route);
      }
      client.close(Duration.ofSeconds(5));
    }
  }
}
