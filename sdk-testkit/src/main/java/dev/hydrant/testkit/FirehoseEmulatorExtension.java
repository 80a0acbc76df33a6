package dev.hydrant.testkit;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension running a {@link FirehoseEmulator}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FirehoseEmulatorExtension EMULATOR = FirehoseEmulatorExtension.create();
 *
 * @Test
 * void shipsEvents() {
 *   HydrantClient client = HydrantClient.builder()
 *       .endpoint(EMULATOR.endpoint())
 *       .deliveryStream(FirehoseEmulatorBuilder.DEFAULT_STREAM)
 *       .trust(Trust.pem(EMULATOR.caCertificatePem()))
 *       .build();
 *   DeviceContext device = DeviceContext.builder("stb-42").build();
 *   for (long minutes = 1; minutes <= 3; minutes++) {
 *     client.send(UptimeEvent.builder(device).uptimeMs(minutes * 60_000).build());
 *   }
 *   assertTrue(client.flush(Duration.ofSeconds(10)));
 *   client.close();
 *   assertEquals(3, EMULATOR.deliveredLines().size());
 * }
 * }</pre>
 *
 * <p>In a static field the emulator is started once for the class and {@linkplain
 * FirehoseEmulator#reset() reset} after each test; in an instance field, or with {@link
 * #perTest()}, a fresh emulator runs for each test. Test methods may also declare a {@link
 * FirehoseEmulator} parameter.
 */
public final class FirehoseEmulatorExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private final FirehoseEmulatorBuilder builder;
  private final boolean perTest;
  private FirehoseEmulator emulator;
  private boolean classScoped;

  private FirehoseEmulatorExtension(FirehoseEmulatorBuilder builder, boolean perTest) {
    this.builder = builder;
    this.perTest = perTest;
  }

  /** {@return an extension running an emulator with the default settings} */
  public static FirehoseEmulatorExtension create() {
    return using(FirehoseEmulator.builder());
  }

  /**
   * An extension running emulators built by {@code builder}.
   *
   * @param builder the emulator configuration
   * @return the extension
   */
  public static FirehoseEmulatorExtension using(FirehoseEmulatorBuilder builder) {
    return new FirehoseEmulatorExtension(requireNonNull(builder, "builder"), false);
  }

  /** {@return the same settings, with a fresh emulator for each test even in a static field} */
  public FirehoseEmulatorExtension perTest() {
    return new FirehoseEmulatorExtension(builder, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perTest) {
      classScoped = true;
      emulator = builder.build().start();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (emulator == null) {
      emulator = builder.build().start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (classScoped) {
      emulator.reset();
    } else {
      closeEmulator();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeEmulator();
    classScoped = false;
  }

  private void closeEmulator() {
    if (emulator != null) {
      emulator.close();
      emulator = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FirehoseEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return emulator();
  }

  /**
   * The running emulator.
   *
   * @return the emulator of the current test or class
   * @throws IllegalStateException outside a test's lifecycle
   */
  public FirehoseEmulator emulator() {
    if (emulator == null) {
      throw new IllegalStateException("no emulator is running outside a test's lifecycle");
    }
    return emulator;
  }

  /** {@return the single-record route} */
  public URI endpoint() {
    return emulator().endpoint();
  }

  /** {@return the batch route} */
  public URI batchEndpoint() {
    return emulator().batchEndpoint();
  }

  /** {@return the Firehose endpoint} */
  public URI firehoseEndpoint() {
    return emulator().firehoseEndpoint();
  }

  /** {@return a client context trusting the emulator's CA} */
  public SSLContext sslContext() {
    return emulator().sslContext();
  }

  /** {@return a trust store holding the emulator's CA} */
  public KeyStore trustStore() {
    return emulator().trustStore();
  }

  /** {@return the CA certificate in PEM form} */
  public String caCertificatePem() {
    return emulator().caCertificatePem();
  }

  /** {@return the NDJSON lines delivered in this test} */
  public List<String> deliveredLines() {
    return emulator().deliveredLines();
  }

  /** {@return the records delivered in this test} */
  public List<DeliveredRecord> deliveredRecords() {
    return emulator().deliveredRecords();
  }

  /** {@return the counters of this test} */
  public EmulatorStats stats() {
    return emulator().stats();
  }
}
