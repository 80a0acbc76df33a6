package dev.hydrant.docs;

import dev.hydrant.docs.DocSnippets.Kind;
import dev.hydrant.docs.DocSnippets.Snippet;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one documentation snippet with javac ({@code javax.tools}) against this module's test
 * classpath (Hydrant core, the testkit, JUnit), into a directory of its own. Warnings are errors,
 * as in the build.
 */
final class SnippetCompiler {
  /**
   * The imports a Javadoc fragment is compiled with: the public Hydrant and testkit packages, the
   * JDK packages the examples use, and JUnit for test fragments.
   */
  static final List<String> FRAGMENT_IMPORTS =
      List.of(
          "import static java.nio.charset.StandardCharsets.UTF_8;",
          "import static org.junit.jupiter.api.Assertions.assertEquals;",
          "import static org.junit.jupiter.api.Assertions.assertTrue;",
          "import dev.hydrant.*;",
          "import dev.hydrant.event.*;",
          "import dev.hydrant.tls.*;",
          "import dev.hydrant.testkit.FirehoseEmulator;",
          "import dev.hydrant.testkit.FirehoseEmulatorBuilder;",
          "import dev.hydrant.testkit.FirehoseEmulatorExtension;",
          "import java.net.http.HttpClient;",
          "import java.net.http.HttpRequest;",
          "import java.net.http.HttpRequest.BodyPublishers;",
          "import java.net.http.HttpResponse;",
          "import java.net.http.HttpResponse.BodyHandlers;",
          "import java.nio.file.Path;",
          "import java.time.Duration;",
          "import java.util.Base64;",
          "import java.util.List;",
          "import org.junit.jupiter.api.Test;",
          "import org.junit.jupiter.api.extension.RegisterExtension;");

  private static final Pattern CLASS_NAME = Pattern.compile("\\bclass\\s+(\\w+)");

  private SnippetCompiler() {}

  /**
   * Compiles {@code snippet} into {@code outputDir}.
   *
   * @return the binary name of its top-level class
   * @throws AssertionError naming the snippet's origin and quoting javac's diagnostics, mapped to
   *     the snippet's own lines, if it does not compile cleanly
   */
  static String compile(Snippet snippet, String fragmentClassName, Path outputDir)
      throws IOException {
    String className;
    String source;
    int prefixLines;
    if (snippet.kind() == Kind.PROGRAM) {
      Matcher m = CLASS_NAME.matcher(snippet.code());
      if (!m.find()) {
        throw new AssertionError(snippet.origin() + ": a README block must declare a class");
      }
      className = m.group(1);
      source = snippet.code();
      prefixLines = 0;
    } else {
      className = fragmentClassName;
      String open =
          snippet.kind() == Kind.TEST_BODY
              ? "public class " + className + " {"
              : "public class "
                  + className
                  + " { public static void main(String[] args) throws Exception {";
      String close = snippet.kind() == Kind.TEST_BODY ? "}" : "}}";
      String prefix = String.join("\n", FRAGMENT_IMPORTS) + "\n" + open + "\n";
      prefixLines = FRAGMENT_IMPORTS.size() + 1;
      source = prefix + snippet.code() + "\n" + close + "\n";
    }
    Path sourceDir = Files.createDirectories(outputDir.resolve("src"));
    Path file = sourceDir.resolve(className + ".java");
    Files.writeString(file, source);
    Path classes = Files.createDirectories(outputDir.resolve("classes"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      boolean ok =
          javac
              .getTask(
                  out,
                  files,
                  diagnostics,
                  List.of(
                      "-d",
                      classes.toString(),
                      "-classpath",
                      System.getProperty("java.class.path"),
                      "-proc:none",
                      "-Xlint:all,-path",
                      "-Werror"),
                  null,
                  files.getJavaFileObjects(file))
              .call();
      if (!ok) {
        StringBuilder message =
            new StringBuilder(snippet.origin()).append(": the example does not compile:\n");
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          message
              .append("  snippet line ")
              .append(d.getLineNumber() - prefixLines)
              .append(": ")
              .append(d.getMessage(Locale.ROOT))
              .append('\n');
        }
        throw new AssertionError(message.append(out));
      }
    }
    return className;
  }
}
