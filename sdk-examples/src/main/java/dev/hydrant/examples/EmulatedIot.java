package dev.hydrant.examples;

import dev.hydrant.testkit.AwsIamVerifier;
import dev.hydrant.testkit.IotCredentialsEmulator;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

/**
 * The AWS side of {@code --auth iot} for the embedded emulator: an IoT credential provider that
 * issues a device certificate for the thing (into a temporary directory), and the {@link
 * AwsIamVerifier} the gateway checks every request's signature with. Fills in the device options
 * the user did not give.
 */
final class EmulatedIot implements AutoCloseable {
  static final String DEFAULT_ALIAS = "hydrant-demo";
  static final String DEFAULT_THING = "demo-stb-0001";

  private final AwsIamVerifier verifier;
  private final IotCredentialsEmulator iot;
  private final Path dir;

  private EmulatedIot(AwsIamVerifier verifier, IotCredentialsEmulator iot, Path dir) {
    this.verifier = verifier;
    this.iot = iot;
    this.dir = dir;
  }

  static EmulatedIot start(IotAuthOptions options) {
    if (options.credentialsEndpoint != null
        || options.deviceCert != null
        || options.deviceKey != null) {
      throw new ConfigurationException(
          "--credentials-endpoint, --device-cert and --device-key need --endpoint: the embedded"
              + " emulator issues its own device certificate");
    }
    AwsIamVerifier verifier = new AwsIamVerifier();
    String alias = options.roleAlias != null ? options.roleAlias : DEFAULT_ALIAS;
    String thing = options.thingName != null ? options.thingName : DEFAULT_THING;
    IotCredentialsEmulator iot =
        new IotCredentialsEmulator(verifier, alias, Duration.ofHours(1)).start();
    try {
      Path dir = Files.createTempDirectory("hydrant-demo-device-");
      Path key = iot.issueDeviceCertificate(thing, dir);
      options.credentialsEndpoint = iot.endpoint();
      options.roleAlias = alias;
      options.thingName = thing;
      options.deviceKey = key;
      options.deviceCert = IotCredentialsEmulator.chainFileOf(key);
      options.region = verifier.region();
      options.credentialsTrust = Trust.pem(iot.serverCaPem());
      return new EmulatedIot(verifier, iot, dir);
    } catch (IOException e) {
      iot.close();
      throw new UncheckedIOException("cannot create the device certificate directory", e);
    }
  }

  AwsIamVerifier verifier() {
    return verifier;
  }

  /** Prints what the gateway verified; a rejected signature turns a success into exit code 1. */
  int report(PrintStream out, int code) {
    out.println(
        "  AWS_IAM: "
            + verifier.verified()
            + " requests SigV4-verified by the emulator, "
            + verifier.rejected()
            + " rejected; credentials issued: "
            + iot.issued());
    return code == 0 && verifier.rejected() > 0 ? 1 : code;
  }

  @Override
  public void close() {
    iot.close();
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
