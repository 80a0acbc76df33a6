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
import org.junit.jupiter.api.Test;
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
