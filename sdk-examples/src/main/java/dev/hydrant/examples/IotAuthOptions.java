package dev.hydrant.examples;

import dev.hydrant.TlsConfigurationException;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.auth.IotCredentialsProvider;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --auth iot}: per-device identity. The device's X.509 certificate is exchanged at the AWS
 * IoT Core credential provider for temporary credentials, and every request is SigV4-signed for a
 * stage that authorizes with {@code AWS_IAM}. With the embedded emulator, the emulator plays the
 * credential provider too and issues the device certificate itself.
 */
final class IotAuthOptions {
  @Option(
      names = "--auth",
      paramLabel = "api-key|iot",
      description =
          "api-key: x-api-key (or none); iot: SigV4 with credentials from the AWS IoT credential"
              + " provider for the device certificate (default: ${DEFAULT-VALUE}).")
  String auth = "api-key";

  @Option(
      names = "--credentials-endpoint",
      paramLabel = "URL",
      description =
          "https://<prefix>.credentials.iot.<region>.amazonaws.com (aws iot describe-endpoint"
              + " --endpoint-type iot:CredentialProvider).")
  URI credentialsEndpoint;

  @Option(names = "--role-alias", paramLabel = "ALIAS", description = "IoT role alias.")
  String roleAlias;

  @Option(
      names = "--thing-name",
      paramLabel = "NAME",
      description = "IoT thing attached to the certificate (sent as x-amzn-iot-thingname).")
  String thingName;

  @Option(
      names = "--device-cert",
      paramLabel = "PEM",
      description = "The device certificate chain (PEM, leaf first) registered with AWS IoT.")
  Path deviceCert;

  @Option(
      names = "--device-key",
      paramLabel = "PEM",
      description = "The device's private key (unencrypted PKCS#8 PEM).")
  Path deviceKey;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "Signing region; needed for a custom domain (else taken from the execute-api host).")
  String region;

  /** Trust for the credentials endpoint; the platform's (Amazon's roots) unless set in code. */
  Trust credentialsTrust = Trust.platform();

  boolean iot() {
    return switch (auth.toLowerCase(Locale.ROOT)) {
      case "iot" -> true;
      case "api-key" -> false;
      default ->
          throw new ConfigurationException("--auth must be api-key or iot, got '" + auth + "'");
    };
  }

  /**
   * The signing configuration.
   *
   * @throws ConfigurationException naming the missing or invalid option
   */
  AwsIamAuth awsIam() {
    require(credentialsEndpoint, "--credentials-endpoint");
    require(roleAlias, "--role-alias");
    require(thingName, "--thing-name");
    require(deviceCert, "--device-cert");
    require(deviceKey, "--device-key");
    try {
      IotCredentialsProvider provider =
          IotCredentialsProvider.builder()
              .endpoint(credentialsEndpoint)
              .roleAlias(roleAlias)
              .thingName(thingName)
              .clientCertificate(ClientCertificate.pem(deviceKey, deviceCert))
              .trust(credentialsTrust)
              .build();
      AwsIamAuth.Builder b = AwsIamAuth.builder(provider);
      if (region != null) {
        b.region(region);
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException | TlsConfigurationException e) {
      throw new ConfigurationException(TlsProbe.message(e), e);
    }
  }

  private static void require(Object value, String option) {
    if (value == null) {
      throw new ConfigurationException(option + " is required with --auth iot");
    }
  }
}
