package dev.hydrant.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VtlTemplateTest {

  private static String render(String template, String body) {
    return VtlTemplate.parse("t", template)
        .render(
            new VtlInput(
                body.getBytes(StandardCharsets.UTF_8), Map.of("x-h", "hv"), Map.of("q", "qv")),
            Map.of("requestId", "req-1"));
  }

  @Test
  void supportsTheInputUtilAndContextSubsetTemplatesUse() {
    String body = "{\"a\":{\"b\":[10,{\"c\":\"it's \\\"q\\\"\"}]},\"s\":\"hi\"}";

    assertEquals("10", render("$input.path('$.a.b[0]')", body));
    assertEquals("{\"c\":\"it's \\\"q\\\"\"}", render("$input.json('$.a.b[1]')", body));
    assertEquals(body, render("$input.body", body));
    assertEquals(
        "it\\'s \\\"q\\\"", render("$util.escapeJavaScript($input.path('$.a.b[1].c'))", body));
    assertEquals("ImhpIg==", render("$util.base64Encode($input.json('$.s'))", body));
    assertEquals("hi", render("$util.base64Decode('aGk=')", body));
    assertEquals("req-1", render("$context.requestId", body));
    assertEquals("hv qv", render("$input.params('X-H') $input.params('q')", body));
  }

  @Test
  void absentValuesRenderEmptyLikeApiGateway() {
    assertEquals("[]", render("[$input.path('$.missing')]", "{}"));
    assertEquals("\"\"", render("#set($r = $input.path('$'))\"$r.Nope\"", "{}"));
    assertEquals("{}", render("$input.json('$')", ""));
  }

  @Test
  void seedTemplatePastesValuesUnescaped() throws Exception {
    String seed;
    try (var in = getClass().getResourceAsStream("/dev/hydrant/testkit/vtl/put-record.vm")) {
      seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    String out = render(seed, "{\"DeliveryStreamName\":\"a\\\"b\",\"Data\":\"eA==\"}");

    assertEquals(
        "{\n  \"DeliveryStreamName\": \"a\"b\",\n  \"Record\": {\n    \"Data\": \"eA==\"\n  }\n}\n",
        out);
  }

  @Test
  void bodyThatIsNotJsonIsReported() {
    VtlInput.BodyNotJsonException e =
        assertThrows(VtlInput.BodyNotJsonException.class, () -> render("$input.path('$')", "{x"));
    assertEquals(true, e.getMessage().startsWith("Unexpected character ('x'"), e.getMessage());
  }
}
