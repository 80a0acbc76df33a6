package dev.hydrant.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.infra.config.ContextValues;
import dev.hydrant.infra.config.ProxyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;

class HydrantProxyAppTest {

  @Test
  void cdkJsonRunsThisMainThroughTheReactor() throws IOException {
    JsonNode cdkJson = new ObjectMapper().readTree(Files.readString(Path.of("cdk.json")));
    String app = cdkJson.path("app").asText();
    assertTrue(app.contains("-Dexec.mainClass=" + HydrantProxyApp.class.getName()), app);
    assertTrue(app.contains("-pl infra -am compile exec:java -Dexec.skip=true"), app);
    String pom = Files.readString(Path.of("pom.xml"));
    assertTrue(pom.contains("<mainClass>" + HydrantProxyApp.class.getName() + "</mainClass>"));
  }

  /**
   * Runs {@code main} in a fresh JVM exactly as {@code cdk synth} does: context in {@code
   * CDK_CONTEXT_JSON}, output directory in {@code CDK_OUTDIR}, no AWS region or profile in the
   * environment except the CLI's own fallback {@code CDK_DEFAULT_REGION=us-east-1}.
   */
  @Test
  @Timeout(180)
  void cdkSynthWorksWithoutAConfiguredRegionAndDeploysToTheCertificatesRegion(@TempDir Path out)
      throws IOException, InterruptedException {
    Map<String, Object> context = new HashMap<>(SynthesizedProxy.cdkJsonContext());
    context.put("domainName", "telemetry.example.com");
    context.put("certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/1111-2222");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HydrantProxyApp.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("synth.log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("CDK_"));
    env.put("HOME", out.toString());
    env.put("CDK_OUTDIR", out.resolve("cdk.out").toString());
    env.put("CDK_CONTEXT_JSON", new ObjectMapper().writeValueAsString(context));
    // What the CDK CLI passes when no region is configured anywhere.
    env.put("CDK_DEFAULT_REGION", "us-east-1");
    Process process = builder.start();
    int exit = process.waitFor();
    String log = Files.readString(out.resolve("synth.log"));
    assertEquals(0, exit, log);

    JsonNode manifest =
        new ObjectMapper().readTree(out.resolve("cdk.out").resolve("manifest.json").toFile());
    List<String> environments = new ArrayList<>();
    manifest
        .path("artifacts")
        .forEach(
            artifact -> {
              if ("aws:cloudformation:stack".equals(artifact.path("type").asText())) {
                environments.add(artifact.path("environment").asText());
              }
            });
    assertEquals(
        List.of("aws://unknown-account/eu-west-1", "aws://unknown-account/eu-west-1"),
        environments);
    String proxyTemplate = Files.readString(out.resolve("cdk.out").resolve("Proxy.template.json"));
    assertTrue(proxyTemplate.contains("firehose:action/PutRecordBatch"), "synthesised proxy");
  }

  @Test
  void contextRegionMustMatchTheCertificate() {
    Map<String, Object> context = new HashMap<>(SynthesizedProxy.REQUIRED_CONTEXT);
    context.put("region", "us-east-2");
    ContextValues values = ContextValues.of(context);
    ProxyConfig config = ProxyConfig.fromContext(values);
    Environment env = HydrantProxyApp.environment(config, values, null);
    assertEquals("us-east-2", env.getRegion());
    assertThrows(
        IllegalArgumentException.class, () -> HydrantProxyApp.define(new App(), config, env));
    assertEquals(
        "eu-west-1",
        HydrantProxyApp.environment(
                config, ContextValues.of(SynthesizedProxy.REQUIRED_CONTEXT), "123456789012")
            .getRegion());
  }

  @Test
  void cdkJsonPinsEveryRecommendedFeatureFlagOfTheCdkLibraryInUse() throws IOException {
    Map<String, Object> recommended = RecommendedFlags.ofAwsCdkLib();
    assertTrue(recommended.size() > 50, "recommended flags found: " + recommended.size());
    Map<String, Object> pinned = SynthesizedProxy.cdkJsonContext();
    for (Map.Entry<String, Object> flag : recommended.entrySet()) {
      assertEquals(flag.getValue(), pinned.get(flag.getKey()), "cdk.json flag " + flag.getKey());
    }
  }

  @Test
  void certificateFromAnotherRegionIsRefusedBeforeSynthesis() {
    ProxyConfig config =
        ProxyConfig.fromContext(ContextValues.of(SynthesizedProxy.REQUIRED_CONTEXT));
    Environment env = Environment.builder().account("123456789012").region("us-east-2").build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HydrantProxyApp.define(new App(), config, env));
    assertEquals(
        "certificateArn is in region eu-west-1 but the stacks deploy to us-east-2; a REGIONAL"
            + " custom domain needs an ACM certificate in its own region",
        e.getMessage());
  }
}
