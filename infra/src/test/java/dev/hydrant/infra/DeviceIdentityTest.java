package dev.hydrant.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hydrant.infra.config.ContextValues;
import dev.hydrant.infra.config.DeviceAuthSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code deviceAuth=AWS_IAM|BOTH}: SigV4 on both methods, the role, role alias and IoT policy. */
class DeviceIdentityTest {
  private static final SynthesizedProxy IAM =
      SynthesizedProxy.with(
          Map.of(
              "deviceAuth",
              "AWS_IAM",
              "roleAlias",
              "stb-telemetry",
              "credentialDurationSeconds",
              "7200"));

  private static List<JsonNode> methods(SynthesizedProxy synth) {
    return new ArrayList<>(
        SynthesizedProxy.resources(synth.proxyJson, "AWS::ApiGateway::Method").values());
  }

  @Test
  void bothMethodsRequireSigV4AndNoApiKey() {
    List<JsonNode> methods = methods(IAM);
    assertEquals(2, methods.size());
    for (JsonNode m : methods) {
      assertEquals("AWS_IAM", m.at("/Properties/AuthorizationType").asText());
      assertFalse(m.at("/Properties/ApiKeyRequired").asBoolean(), m.toString());
    }
  }

  @Test
  void theRoleIsTrustedByTheIotCredentialProviderAndMayOnlyInvokeTheTwoMethods() {
    JsonNode role =
        SynthesizedProxy.named(IAM.proxyJson, "AWS::IAM::Role", "ProxyDeviceIdentityDeviceRole");
    JsonNode trust = role.at("/Properties/AssumeRolePolicyDocument/Statement");
    assertEquals(1, trust.size());
    assertEquals("sts:AssumeRole", trust.get(0).get("Action").asText());
    assertEquals("credentials.iot.amazonaws.com", trust.get(0).at("/Principal/Service").asText());
    assertEquals(7200, role.at("/Properties/MaxSessionDuration").asInt());

    JsonNode policies = role.at("/Properties/Policies");
    assertEquals(1, policies.size());
    JsonNode statements = policies.get(0).at("/PolicyDocument/Statement");
    assertEquals(1, statements.size());
    JsonNode invoke = statements.get(0);
    assertEquals("Allow", invoke.get("Effect").asText());
    assertEquals("execute-api:Invoke", invoke.get("Action").asText());
    JsonNode resources = invoke.get("Resource");
    assertEquals(2, resources.size());
    String text = resources.toString();
    assertTrue(text.contains("/POST/fh\""), text);
    assertTrue(text.contains("/POST/fh/batch\""), text);
    assertTrue(text.contains("arn:") && text.contains(":execute-api:"), text);
    assertFalse(text.contains("*/"), "no wildcard stage or method: " + text);
  }

  @Test
  void theRoleAliasPointsToTheRoleAndTheIotPolicyAllowsOnlyAssumingItWithACertificate() {
    JsonNode alias = SynthesizedProxy.single(IAM.proxyJson, "AWS::IoT::RoleAlias");
    assertEquals("stb-telemetry", alias.at("/Properties/RoleAlias").asText());
    assertEquals(7200, alias.at("/Properties/CredentialDurationSeconds").asInt());
    assertTrue(
        alias
            .at("/Properties/RoleArn/Fn::GetAtt/0")
            .asText()
            .startsWith("ProxyDeviceIdentityDeviceRole"),
        alias.toString());

    JsonNode policy = SynthesizedProxy.single(IAM.proxyJson, "AWS::IoT::Policy");
    JsonNode statements = policy.at("/Properties/PolicyDocument/Statement");
    assertEquals(1, statements.size());
    assertEquals("iot:AssumeRoleWithCertificate", statements.get(0).get("Action").asText());
    assertEquals("Allow", statements.get(0).get("Effect").asText());
    assertTrue(
        statements
            .get(0)
            .at("/Resource/Fn::GetAtt/0")
            .asText()
            .startsWith("ProxyDeviceIdentityRoleAlias"),
        statements.toString());
    assertEquals("RoleAliasArn", statements.get(0).at("/Resource/Fn::GetAtt/1").asText());
  }

  @Test
  void iamDeploymentsPassCdkNag() {
    assertEquals(List.of(), IAM.nagFindings);
  }

  @Test
  void bothKeepsTheApiKeyBesideSigV4AndTheDefaultHasNoDeviceIdentity() {
    SynthesizedProxy both = SynthesizedProxy.with(Map.of("deviceAuth", "both"));
    for (JsonNode m : methods(both)) {
      assertEquals("AWS_IAM", m.at("/Properties/AuthorizationType").asText());
      assertTrue(m.at("/Properties/ApiKeyRequired").asBoolean());
    }
    SynthesizedProxy defaults = SynthesizedProxy.defaults();
    for (JsonNode m : methods(defaults)) {
      assertEquals("NONE", m.at("/Properties/AuthorizationType").asText());
      assertTrue(m.at("/Properties/ApiKeyRequired").asBoolean());
    }
    assertTrue(SynthesizedProxy.resources(defaults.proxyJson, "AWS::IoT::RoleAlias").isEmpty());
    assertTrue(SynthesizedProxy.resources(defaults.proxyJson, "AWS::IoT::Policy").isEmpty());
  }

  @Test
  void badSettingsNameTheContextKey() {
    IllegalArgumentException mode =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeviceAuthSettings.fromContext(ContextValues.of(Map.of("deviceAuth", "cert"))));
    assertTrue(
        mode.getMessage().startsWith("context 'deviceAuth' must be one of"), mode.getMessage());
    IllegalArgumentException alias =
        assertThrows(
            IllegalArgumentException.class,
            () -> DeviceAuthSettings.fromContext(ContextValues.of(Map.of("roleAlias", "a b"))));
    assertTrue(alias.getMessage().startsWith("roleAlias must match"), alias.getMessage());
    IllegalArgumentException duration =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DeviceAuthSettings.fromContext(
                    ContextValues.of(Map.of("credentialDurationSeconds", "60"))));
    assertTrue(duration.getMessage().contains("credentialDurationSeconds"), duration.getMessage());
  }
}
