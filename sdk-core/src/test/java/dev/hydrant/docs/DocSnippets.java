package dev.hydrant.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the Java examples of the documentation: the {@code ```java} blocks of Markdown files and
 * the <code>&lt;pre&gt;{&#64;code ...}&lt;/pre&gt;</code> blocks of the public packages' Javadoc.
 *
 * <p>A Markdown block is a whole compilation unit (imports and a class with {@code main}), since
 * readers copy it as it stands. A Javadoc example is a fragment: the statements of a {@code main}
 * method, or the members of a JUnit test class when it holds {@code @Test}; {@link SnippetCompiler}
 * supplies the class and the imports.
 */
final class DocSnippets {
  /** The marker the README's quick-start block follows; consumer builds look for it too. */
  static final String QUICKSTART_MARKER = "<!-- snippet:quickstart -->";

  private static final Pattern MARKDOWN_JAVA =
      Pattern.compile("(?m)^```java\\n(.*?)^```$", Pattern.DOTALL);
  private static final Pattern JAVADOC_CODE =
      Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\* }</pre>", Pattern.DOTALL);

  /** What a snippet is, which decides how it is wrapped and run. */
  enum Kind {
    /** A compilation unit with a {@code main} method. */
    PROGRAM,
    /** Statements, run as the body of a {@code main} method. */
    MAIN_BODY,
    /** Members of a JUnit 5 test class, run by the JUnit platform. */
    TEST_BODY
  }

  /**
   * One example.
   *
   * @param origin file and line where it starts, for failure messages
   * @param code the Java text as a reader sees it
   * @param kind how it is run
   */
  record Snippet(String origin, String code, Kind kind) {
    @Override
    public String toString() {
      return origin;
    }
  }

  private DocSnippets() {}

  /** The Java blocks of one Markdown file, in order. */
  static List<Snippet> markdown(Path file) {
    String text = read(file);
    List<Snippet> snippets = new ArrayList<>();
    Matcher m = MARKDOWN_JAVA.matcher(text);
    while (m.find()) {
      snippets.add(new Snippet(origin(file, text, m.start()), m.group(1), Kind.PROGRAM));
    }
    return snippets;
  }

  /** The first Java block after {@link #QUICKSTART_MARKER} in {@code file}. */
  static Snippet quickstart(Path file) {
    String text = read(file);
    int marker = text.indexOf(QUICKSTART_MARKER);
    if (marker < 0) {
      throw new AssertionError(file + " has no " + QUICKSTART_MARKER);
    }
    Matcher m = MARKDOWN_JAVA.matcher(text);
    if (!m.find(marker)) {
      throw new AssertionError(file + " has no ```java block after " + QUICKSTART_MARKER);
    }
    return new Snippet(origin(file, text, m.start()), m.group(1), Kind.PROGRAM);
  }

  /**
   * The <code>&lt;pre&gt;{&#64;code ...}&lt;/pre&gt;</code> examples of every source file under
   * {@code sourceRoot}, except those of {@code internal} packages (not API, not published as
   * Javadoc).
   */
  static List<Snippet> javadoc(Path sourceRoot) {
    List<Snippet> snippets = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !sourceRoot.relativize(f).toString().contains("internal"))
              .sorted()
              .toList()) {
        String text = read(file);
        Matcher m = JAVADOC_CODE.matcher(text);
        while (m.find()) {
          String code = m.group(1).replaceAll("(?m)^\\s*\\* ?", "");
          Kind kind = code.contains("@Test") ? Kind.TEST_BODY : Kind.MAIN_BODY;
          snippets.add(new Snippet(origin(file, text, m.start()), code, kind));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return snippets;
  }

  private static String origin(Path file, String text, int offset) {
    long line = text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    return file.normalize() + ":" + line;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
