package dev.hydrant.infra;

import static dev.hydrant.infra.SynthesizedProxy.json;
import static dev.hydrant.infra.SynthesizedProxy.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mutual TLS needs the legacy TLS_1_2 policy, so it gets its own synthesis. */
class MutualTlsDomainTest {

  @Test
  void truststoreFromS3UriIsAttachedToTheTls12Domain() {
    SynthesizedProxy synth =
        SynthesizedProxy.with(
            Map.of(
                "truststoreUri", "s3://hydrant-trust/devices/ca-bundle.pem",
                "truststoreVersion", "3sL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY"));
    JsonNode domain = single(synth.proxyJson, "AWS::ApiGateway::DomainName").path("Properties");
    assertEquals("TLS_1_2", domain.path("SecurityPolicy").asText());
    assertEquals(
        json(
            "{\"TruststoreUri\":\"s3://hydrant-trust/devices/ca-bundle.pem\","
                + "\"TruststoreVersion\":\"3sL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY\"}"),
        domain.path("MutualTlsAuthentication"));
    assertEquals(List.of(), synth.nagFindings);
  }
}
