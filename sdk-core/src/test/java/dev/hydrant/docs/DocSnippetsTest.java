package dev.hydrant.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.docs.DocSnippets.Kind;
import dev.hydrant.docs.DocSnippets.Snippet;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's Java examples compile and run against the testkit emulator: every {@code
 * ```java} block of the README and of {@code docs/*.md}, and every <code>
 * &lt;pre&gt;{&#64;code ...}&lt;/pre&gt;</code> example in the public Javadoc of core and testkit.
 * An example that drifts from the API fails the build, naming its file and line.
 *
 * <p>Examples configure themselves as device firmware would, so the test supplies the emulator
 * through the same channels, without editing their text: the environment variables {@code
 * HYDRANT_ENDPOINT}, {@code HYDRANT_API_KEY} and {@code HYDRANT_SPOOL_DIRECTORY}, and the JVM's
 * standard {@code javax.net.ssl.trustStore} properties pointing at the emulator's CA (the examples
 * keep the platform trust a real deployment uses).
 */
class DocSnippetsTest {
  private static final String API_KEY = "docs-example-key";
  private static final char[] TRUST_STORE_PASSWORD = "changeit".toCharArray();
  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
  private static final Path README = REPOSITORY.resolve("README.md");
  private static final AtomicInteger FRAGMENTS = new AtomicInteger();

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().apiKey(API_KEY));

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everyJavaExampleOfTheDocsCompilesAndRunsAgainstTheEmulator() {
    // The quick start has a test of its own, with stricter assertions.
    String quickstart = DocSnippets.quickstart(README).origin();
    return allSnippets().stream()
        .filter(s -> !s.origin().equals(quickstart))
        .map(s -> DynamicTest.dynamicTest(s.origin(), () -> compileAndRun(s)));
  }

  @Test
  void readmeQuickstartDeliversItsThreeEventsToTheEmulator() throws Exception {
    compileAndRun(DocSnippets.quickstart(README));

    ObjectMapper json = new ObjectMapper();
    List<String> types = new ArrayList<>();
    for (String line : EMULATOR.deliveredLines()) {
      JsonNode event = json.readTree(line);
      assertEquals("stb-42", event.get("device_id").asText(), line);
      types.add(event.get("event_type").asText());
      if (event.get("event_type").asText().equals("video_quality")) {
        assertEquals("playing", event.get("playback_state").asText(), line);
      }
    }
    types.sort(null);
    assertEquals(List.of("ad_impression", "network_latency", "video_quality"), types);
  }

  @Test
  void findsTheReadmeQuickstartAndTheJavadocExamples() {
    List<Snippet> snippets = allSnippets();
    List<String> origins = snippets.stream().map(Snippet::origin).toList();

    String quickstart = DocSnippets.quickstart(README).code();
    assertTrue(quickstart.contains("public static void main(String[] args)"), quickstart);
    assertTrue(quickstart.contains("import dev.hydrant.HydrantClient;"), quickstart);
    for (String file :
        List.of(
            "README.md",
            "HydrantClient.java",
            "CustomEvent.java",
            "FirehoseEmulator.java",
            "FirehoseEmulatorExtension.java")) {
      assertTrue(
          origins.stream().anyMatch(o -> o.contains("/" + file + ":")), file + " " + origins);
    }
    assertTrue(origins.stream().noneMatch(o -> o.contains("internal")), origins.toString());
    assertEquals(
        List.of(Kind.TEST_BODY),
        snippets.stream()
            .filter(s -> s.origin().contains("FirehoseEmulatorExtension.java"))
            .map(Snippet::kind)
            .toList());
  }

  @Test
  void anExampleUsingAnUndefinedNameFailsNamingItsFileAndLine() {
    Snippet drifted =
        new Snippet(
            "README.md:90",
            "public class Drifted { public static void main(String[] a) { deadLetters.store(); } }",
            Kind.PROGRAM);

    AssertionError failure = assertThrows(AssertionError.class, () -> compileAndRun(drifted));

    assertTrue(
        failure.getMessage().startsWith("README.md:90: the example does not compile"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("deadLetters"), failure.getMessage());
  }

  @Test
  void anExampleThatThrowsFailsWithItsOutput() {
    // The class Javadoc example as it once was: an event without its required playback state.
    Snippet invalidEvent =
        new Snippet(
            "HydrantClient.java:37",
            "DeviceContext device = DeviceContext.builder(\"stb-42\").build();\n"
                + "VideoQualityEvent.builder(device).bitrateKbps(4500).build();",
            Kind.MAIN_BODY);

    AssertionError failure = assertThrows(AssertionError.class, () -> compileAndRun(invalidEvent));

    assertTrue(
        failure.getMessage().startsWith("HydrantClient.java:37: the example exited with 1"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("playback_state is required"), failure.getMessage());
  }

  private static List<Snippet> allSnippets() {
    List<Snippet> snippets = new ArrayList<>(DocSnippets.markdown(README));
    Path docs = REPOSITORY.resolve("docs");
    try (Stream<Path> files = Files.list(docs)) {
      files
          .filter(f -> f.toString().endsWith(".md"))
          .sorted()
          .forEach(f -> snippets.addAll(DocSnippets.markdown(f)));
    } catch (IOException e) {
      throw new AssertionError("cannot list " + docs, e);
    }
    snippets.addAll(DocSnippets.javadoc(REPOSITORY.resolve("sdk-core/src/main/java")));
    snippets.addAll(DocSnippets.javadoc(REPOSITORY.resolve("sdk-testkit/src/main/java")));
    return snippets;
  }

  private void compileAndRun(Snippet snippet) throws Exception {
    Path work = Files.createTempDirectory(dir, "snippet");
    String className =
        SnippetCompiler.compile(snippet, "Fragment" + FRAGMENTS.incrementAndGet(), work);
    Path classes = work.resolve("classes");
    if (snippet.kind() == Kind.TEST_BODY) {
      SnippetRunner.runTests(snippet.origin(), className, classes);
      return;
    }
    int deliveredBefore = EMULATOR.deliveredLines().size();
    long start = System.nanoTime();
    String output =
        SnippetRunner.runProgram(
            snippet.origin(),
            className,
            classes,
            Map.of(
                "HYDRANT_ENDPOINT", EMULATOR.endpoint().toString(),
                "HYDRANT_API_KEY", API_KEY,
                "HYDRANT_SPOOL_DIRECTORY", work.resolve("spool").toString()),
            Map.of(
                "javax.net.ssl.trustStore",
                trustStore(work).toString(),
                "javax.net.ssl.trustStorePassword",
                new String(TRUST_STORE_PASSWORD),
                "javax.net.ssl.trustStoreType",
                "PKCS12"));
    System.out.printf(
        "%s ran in %d ms:%n%s%n",
        snippet.origin(), (System.nanoTime() - start) / 1_000_000, output);
    if (snippet.code().contains("HYDRANT_ENDPOINT")) {
      int delivered = EMULATOR.deliveredLines().size() - deliveredBefore;
      assertTrue(
          delivered > 0, snippet.origin() + ": delivered nothing to the emulator:\n" + output);
    }
  }

  private static Path trustStore(Path work) throws IOException, GeneralSecurityException {
    Path file = work.resolve("emulator-ca.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      EMULATOR.trustStore().store(out, TRUST_STORE_PASSWORD);
    }
    return file;
  }
}
