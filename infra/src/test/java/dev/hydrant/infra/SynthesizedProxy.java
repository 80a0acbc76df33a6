package dev.hydrant.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.infra.config.ContextValues;
import dev.hydrant.infra.config.ProxyConfig;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * One synthesis of the app for one context, shared by a test class: the CDK templates for the
 * assertions library, plus the same templates as Jackson trees for exact comparisons.
 */
final class SynthesizedProxy {

  /** Dummy values: the domain and certificate are required, nothing is deployed. */
  static final Map<String, Object> REQUIRED_CONTEXT =
      Map.of(
          "domainName", "telemetry.example.com",
          "certificateArn",
              "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  final ProxyConfig config;
  final Template storage;
  final Template proxy;
  final JsonNode storageJson;
  final JsonNode proxyJson;

  /** Unsuppressed cdk-nag AwsSolutions errors and warnings, one line each (path and rule). */
  final List<String> nagFindings;

  /** Every synthesis warning (CDK's own and cdk-nag's), one line each. */
  final List<String> warnings;

  private SynthesizedProxy(Map<String, Object> context) {
    App app = new App(AppProps.builder().context(context).build());
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    this.config = ProxyConfig.fromContext(new ContextValues(app.getNode()::tryGetContext));
    HydrantProxyApp.Stacks stacks = HydrantProxyApp.define(app, config, null);
    this.storage = Template.fromStack(stacks.storage());
    this.proxy = Template.fromStack(stacks.proxy());
    this.storageJson = MAPPER.valueToTree(storage.toJSON());
    this.proxyJson = MAPPER.valueToTree(proxy.toJSON());
    List<String> findings = new ArrayList<>();
    for (Stack stack : List.of(stacks.storage(), stacks.proxy())) {
      Annotations annotations = Annotations.fromStack(stack);
      for (SynthesisMessage message :
          annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
        findings.add("ERROR " + message.getId() + " " + message.getEntry().getData());
      }
      for (SynthesisMessage message :
          annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
        findings.add("WARN " + message.getId() + " " + message.getEntry().getData());
      }
    }
    this.nagFindings = List.copyOf(findings);
    List<String> warnings = new ArrayList<>();
    for (Stack stack : List.of(stacks.storage(), stacks.proxy())) {
      for (SynthesisMessage message :
          Annotations.fromStack(stack).findWarning("*", Match.anyValue())) {
        warnings.add(message.getId() + " " + message.getEntry().getData());
      }
    }
    this.warnings = List.copyOf(warnings);
  }

  private static SynthesizedProxy defaults;

  /** The defaults-only synthesis, made once and shared by the test classes of one JVM. */
  static synchronized SynthesizedProxy defaults() {
    if (defaults == null) {
      defaults = with(Map.of());
    }
    return defaults;
  }

  /**
   * Synthesises with the feature flags of {@code cdk.json}, the required dummy domain and {@code
   * extra} context (strings, as the CLI passes them).
   */
  static SynthesizedProxy with(Map<String, Object> extra) {
    Map<String, Object> context = new HashMap<>(cdkJsonContext());
    context.putAll(REQUIRED_CONTEXT);
    context.putAll(extra);
    return new SynthesizedProxy(context);
  }

  /** The {@code context} object of {@code cdk.json}: the pinned feature flags. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> cdkJsonContext() {
    try {
      Map<String, Object> cdkJson = MAPPER.readValue(Path.of("cdk.json").toFile(), Map.class);
      return (Map<String, Object>) cdkJson.get("context");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logical id to resource, for every resource of {@code type} in the proxy stack. */
  static Map<String, JsonNode> resources(JsonNode template, String type) {
    Map<String, JsonNode> found = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : template.path("Resources").properties()) {
      if (type.equals(entry.getValue().path("Type").asText())) {
        found.put(entry.getKey(), entry.getValue());
      }
    }
    return found;
  }

  /** The only resource of {@code type}. */
  static JsonNode single(JsonNode template, String type) {
    Map<String, JsonNode> found = resources(template, type);
    assertEquals(1, found.size(), "resources of type " + type);
    return found.values().iterator().next();
  }

  /** The only resource of {@code type} whose logical id starts with {@code idPrefix}. */
  static JsonNode named(JsonNode template, String type, String idPrefix) {
    List<JsonNode> found = new ArrayList<>();
    resources(template, type)
        .forEach(
            (id, resource) -> {
              if (id.startsWith(idPrefix)) {
                found.add(resource);
              }
            });
    assertEquals(1, found.size(), type + " resources named " + idPrefix + "*");
    return found.get(0);
  }

  /** The logical id of the only resource of {@code type}. */
  static String singleId(JsonNode template, String type) {
    Map<String, JsonNode> found = resources(template, type);
    assertEquals(1, found.size(), "resources of type " + type);
    return found.keySet().iterator().next();
  }

  /** The proxy's API Gateway method whose OperationName is {@code operation}. */
  JsonNode method(String operation) {
    List<JsonNode> matches = new ArrayList<>();
    for (JsonNode method : resources(proxyJson, "AWS::ApiGateway::Method").values()) {
      if (operation.equals(method.path("Properties").path("OperationName").asText())) {
        matches.add(method.path("Properties"));
      }
    }
    assertEquals(1, matches.size(), "methods named " + operation);
    return matches.get(0);
  }

  /** Parses a JSON literal for comparisons. */
  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
