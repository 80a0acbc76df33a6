package dev.hydrant.infra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VtlTemplatesTest {

  @Test
  void missingTemplateFailsNamingTheResource() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> VtlTemplates.load("/dev/hydrant/testkit/vtl/no-such.vm"));
    assertTrue(e.getMessage().contains("/dev/hydrant/testkit/vtl/no-such.vm"), e.getMessage());
  }

  @Test
  void templatesInterpolateTheFieldsTheSchemasConstrain() {
    assertTrue(VtlTemplates.load(VtlTemplates.PUT_RECORD).contains("$inputRoot.Data"));
    assertTrue(VtlTemplates.load(VtlTemplates.PUT_RECORD_BATCH).contains("$record.Data"));
  }

  @Test
  void schemaPatternsAdmitNothingThatCouldBreakOutOfTheTemplatesQuotes() {
    Pattern name = Pattern.compile(RequestModels.STREAM_NAME_PATTERN);
    Pattern data = Pattern.compile(RequestModels.BASE64_PATTERN);
    assertTrue(name.matcher("hydrant-telemetry_v1.2").matches());
    assertTrue(data.matcher("SGVsbG8gZnJvbSBNaXp0aWlrIHRvIFdvcmxkMg==").matches());
    for (String injected : new String[] {"a\"b", "a\\b", "a\",\"x", "a b", "a\nb"}) {
      assertFalse(name.matcher(injected).find(), "stream name " + injected);
      assertFalse(data.matcher(injected).find(), "data " + injected);
    }
    assertFalse(data.matcher("SGVs\r\nbG8=").find(), "MIME base64 with line breaks");
  }
}
