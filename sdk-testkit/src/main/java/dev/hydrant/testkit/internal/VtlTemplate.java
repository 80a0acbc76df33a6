package dev.hydrant.testkit.internal;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;
import org.apache.velocity.exception.ParseErrorException;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;

/**
 * An API Gateway mapping template, parsed once by Apache Velocity and rendered per request with API
 * Gateway's {@code $input}, {@code $util} and {@code $context}. Like API Gateway, a reference that
 * resolves to nothing renders as the empty string, and values are substituted as-is (no JSON
 * escaping), so a {@code "} in a value yields invalid JSON. Thread-safe.
 */
public final class VtlTemplate {

  private static final ReferenceInsertionEventHandler NULL_AS_EMPTY =
      (context, reference, value) -> value == null ? "" : value;

  private final Template template;
  private final String name;
  private final boolean readsJson;

  private VtlTemplate(String name, Template template, boolean readsJson) {
    this.name = name;
    this.template = template;
    this.readsJson = readsJson;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException if the text is not valid VTL
   */
  public static VtlTemplate parse(String name, String text) {
    RuntimeInstance runtime = new RuntimeInstance();
    Properties properties = new Properties();
    properties.setProperty("runtime.log.log_invalid_references", "false");
    runtime.init(properties);
    Template template = new Template();
    template.setName(name);
    template.setRuntimeServices(runtime);
    try {
      template.setData(runtime.parse(new StringReader(text), template));
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "invalid mapping template " + name + ": " + e.getMessage(), e);
    }
    template.initDocument();
    return new VtlTemplate(
        name, template, text.contains("$input.path") || text.contains("$input.json"));
  }

  /**
   * Renders the template for one request.
   *
   * @param input the request's {@code $input}
   * @param context the request's {@code $context} values
   * @return the integration request body
   * @throws VtlInput.BodyNotJsonException if the template reads a body that is not JSON
   */
  public String render(VtlInput input, Map<String, Object> context) {
    if (readsJson) {
      // API Gateway parses the body up front for such templates; Velocity would swallow the error.
      input.path("$");
    }
    VelocityContext velocity = new VelocityContext();
    velocity.put("input", input);
    velocity.put("util", VtlUtil.INSTANCE);
    velocity.put("context", context);
    EventCartridge events = new EventCartridge();
    events.addReferenceInsertionEventHandler(NULL_AS_EMPTY);
    events.attachToContext(velocity);
    StringWriter out = new StringWriter(input.bodyLength() + 256);
    try {
      template.merge(velocity, out);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof VtlInput.BodyNotJsonException notJson) {
          throw notJson;
        }
      }
      if (e instanceof ParseErrorException) {
        throw new IllegalStateException("template " + name + " failed: " + e.getMessage(), e);
      }
      throw e;
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "VtlTemplate{" + name + '}';
  }
}
