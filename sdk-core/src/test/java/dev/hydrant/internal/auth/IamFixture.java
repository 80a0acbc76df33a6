package dev.hydrant.internal.auth;

import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantConfig;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.auth.CredentialsProvider;
import dev.hydrant.auth.IotCredentialsProvider;
import dev.hydrant.internal.transport.ProxyTransport;
import dev.hydrant.testkit.AwsIamVerifier;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.IotCredentialsEmulator;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.Trust;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The emulated AWS side of per-device identity: the gateway in {@code AWS_IAM} mode and the IoT
 * credential provider, sharing one {@link AwsIamVerifier}; plus builders for the device side.
 */
final class IamFixture implements AutoCloseable {
  static final String ALIAS = "hydrant-telemetry";
  static final String THING = "stb-000042";

  final AwsIamVerifier verifier;
  final FirehoseEmulator gateway;
  final IotCredentialsEmulator iot;

  IamFixture() {
    this(Clock.systemUTC());
  }

  /**
   * Starts the gateway and the credential provider.
   *
   * @param serverClock AWS's time (signature window, credential expiry, Date headers)
   */
  IamFixture(Clock serverClock) {
    verifier = new AwsIamVerifier(AwsIamVerifier.DEFAULT_REGION, serverClock);
    gateway = FirehoseEmulator.builder().gzipRequests(true).build().start();
    gateway.awsIam(verifier);
    iot = new IotCredentialsEmulator(verifier, ALIAS, Duration.ofHours(1)).start();
  }

  /** A provider for {@code thing} with a certificate issued into {@code dir}. */
  IotCredentialsProvider provider(Path dir, String alias, String thing) {
    Path key = iot.issueDeviceCertificate(thing, dir);
    return provider(
        ClientCertificate.pem(key, IotCredentialsEmulator.chainFileOf(key)), alias, thing);
  }

  IotCredentialsProvider provider(ClientCertificate certificate, String alias, String thing) {
    return IotCredentialsProvider.builder()
        .endpoint(iot.endpoint())
        .roleAlias(alias)
        .thingName(thing)
        .clientCertificate(certificate)
        .trust(Trust.pem(iot.serverCaPem()))
        .build();
  }

  static AwsIamAuth auth(CredentialsProvider provider) {
    return AwsIamAuth.builder(provider)
        .region(AwsIamVerifier.DEFAULT_REGION)
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(200))
        .build();
  }

  HydrantConfig config(boolean gzip) {
    return HydrantClient.builder()
        .endpoint(gateway.endpoint())
        .batchEndpoint(gateway.batchEndpoint())
        .deliveryStream("stb-telemetry")
        .gzip(gzip)
        .trust(Trust.pem(gateway.caCertificatePem()))
        .config();
  }

  /** A transport signing with a cache over {@code auth} on the device clock {@code device}. */
  Signed signed(AwsIamAuth auth, Clock device, boolean gzip) {
    ClockSkew skew = new ClockSkew(device);
    CredentialsCache cache = new CredentialsCache(auth, skew, () -> 1.0);
    SigV4Auth sigv4 = new SigV4Auth(cache, skew, AwsIamVerifier.DEFAULT_REGION);
    return new Signed(new ProxyTransport(config(gzip), sigv4), cache, skew);
  }

  record Signed(ProxyTransport transport, CredentialsCache cache, ClockSkew skew)
      implements AutoCloseable {
    @Override
    public void close() {
      transport.close();
    }
  }

  @Override
  public void close() {
    iot.close();
    gateway.close();
  }
}
