package dev.hydrant.infra;

import dev.hydrant.infra.config.DeviceAuthSettings;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iot.CfnPolicy;
import software.amazon.awscdk.services.iot.CfnRoleAlias;
import software.amazon.awscdk.services.iot.CfnRoleAliasProps;
import software.constructs.Construct;

/**
 * Per-device identity for an {@code AWS_IAM} API: the IAM role devices assume through the AWS IoT
 * Core credential provider (trusted by {@code credentials.iot.amazonaws.com}, allowed exactly
 * {@code execute-api:Invoke} on the API's two methods of its stage), the IoT role alias that points
 * to it, and the IoT policy to attach to device certificates, allowing {@code
 * iot:AssumeRoleWithCertificate} on that alias and nothing else. See <a
 * href="https://docs.aws.amazon.com/iot/latest/developerguide/authorizing-direct-aws.html">Authorizing
 * direct calls to AWS services using AWS IoT Core credential provider</a>.
 */
public final class DeviceIdentity extends Construct {
  private final Role role;
  private final CfnRoleAlias roleAlias;
  private final CfnPolicy devicePolicy;

  /**
   * @param methods the API methods devices may invoke (their stage ARNs are the policy resources)
   */
  public DeviceIdentity(
      Construct scope, String id, List<Method> methods, DeviceAuthSettings settings) {
    super(scope, id);
    PolicyDocument invoke =
        PolicyDocument.Builder.create()
            .statements(
                List.of(
                    PolicyStatement.Builder.create()
                        .effect(Effect.ALLOW)
                        .actions(List.of("execute-api:Invoke"))
                        .resources(methods.stream().map(Method::getMethodArn).toList())
                        .build()))
            .build();
    this.role =
        Role.Builder.create(this, "DeviceRole")
            .description("Assumed by Hydrant devices through the AWS IoT credential provider")
            .assumedBy(new ServicePrincipal("credentials.iot.amazonaws.com"))
            .maxSessionDuration(
                Duration.seconds(Math.max(3600, settings.credentialDurationSeconds())))
            .inlinePolicies(Map.of("InvokeTelemetryApi", invoke))
            .build();
    this.roleAlias =
        new CfnRoleAlias(
            this,
            "RoleAlias",
            CfnRoleAliasProps.builder()
                .roleAlias(settings.roleAlias())
                .roleArn(role.getRoleArn())
                .credentialDurationSeconds(settings.credentialDurationSeconds())
                .build());
    this.devicePolicy =
        CfnPolicy.Builder.create(this, "DevicePolicy")
            .policyDocument(
                Map.of(
                    "Version",
                    "2012-10-17",
                    "Statement",
                    List.of(
                        Map.of(
                            "Effect",
                            "Allow",
                            "Action",
                            "iot:AssumeRoleWithCertificate",
                            "Resource",
                            roleAlias.getAttrRoleAliasArn()))))
            .build();
    CfnOutput.Builder.create(this, "RoleAliasName")
        .description("Role alias devices name (--role-alias)")
        .value(settings.roleAlias())
        .build();
    CfnOutput.Builder.create(this, "DevicePolicyName")
        .description("IoT policy to attach to each device certificate")
        .value(devicePolicy.getRef())
        .build();
  }

  /** The role the alias points to. */
  public Role role() {
    return role;
  }

  /** The IoT role alias. */
  public CfnRoleAlias roleAlias() {
    return roleAlias;
  }

  /** The IoT policy for device certificates. */
  public CfnPolicy devicePolicy() {
    return devicePolicy;
  }
}
