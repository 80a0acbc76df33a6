package dev.hydrant.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SecretsTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private Secrets secrets(Map<String, String> env) {
    return new Secrets(env::get, warnings::add);
  }

  @Test
  void fileWinsOverTheEnvironmentAndItsSurroundingWhitespaceIsIgnored() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), "  from-file\n");

    String key =
        secrets(Map.of("HYDRANT_API_KEY", "from-env"))
            .resolve("--api-key", null, file, "HYDRANT_API_KEY");

    assertEquals("from-file", key);
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void environmentIsReadWhenNoOptionIsGiven() {
    assertEquals(
        "from-env",
        secrets(Map.of("HYDRANT_API_KEY", "from-env"))
            .resolve("--api-key", null, null, "HYDRANT_API_KEY"));
    assertNull(secrets(Map.of()).resolve("--api-key", null, null, "HYDRANT_API_KEY"));
    assertNull(
        secrets(Map.of("HYDRANT_API_KEY", "")).resolve("--api-key", null, null, "HYDRANT_API_KEY"));
  }

  @Test
  void aCommandLineValueWorksButWarnsThatPsShowsIt() {
    String key = secrets(Map.of()).resolve("--api-key", "on-the-line", null, "HYDRANT_API_KEY");

    assertEquals("on-the-line", key);
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("visible to other users (ps)"), warnings.get(0));
    assertTrue(warnings.get(0).contains("$HYDRANT_API_KEY or --api-key-file"), warnings.get(0));
    assertFalse(warnings.get(0).contains("on-the-line"), "the warning must not echo the secret");
  }

  @Test
  void badFilesAndConflictsFailNamingTheOptionNotTheSecret() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path missing = dir.resolve("missing");

    ConfigurationException both =
        assertThrows(
            ConfigurationException.class,
            () -> secrets(Map.of()).resolve("--api-key", "s3cret", empty, "HYDRANT_API_KEY"));
    assertEquals("give --api-key or --api-key-file, not both", both.getMessage());
    assertFalse(both.getMessage().contains("s3cret"));

    ConfigurationException blank =
        assertThrows(
            ConfigurationException.class,
            () -> secrets(Map.of()).resolve("--api-key", null, empty, null));
    assertEquals("--api-key-file " + empty + " is empty", blank.getMessage());

    ConfigurationException unreadable =
        assertThrows(
            ConfigurationException.class,
            () -> secrets(Map.of()).resolve("--trust-password", null, missing, null));
    assertTrue(
        unreadable.getMessage().startsWith("--trust-password-file " + missing + " cannot be read"),
        unreadable.getMessage());
  }

  @Test
  void clientOptionsReadEverySecretFromAFile() throws Exception {
    ClientOptions options = new ClientOptions();
    options.secrets = secrets(Map.of());
    new CommandLine(options)
        .parseArgs(
            "--api-key-file",
            Files.writeString(dir.resolve("k"), "key-1").toString(),
            "--trust-password-file",
            Files.writeString(dir.resolve("t"), "trust-1").toString(),
            "--client-cert-password-file",
            Files.writeString(dir.resolve("c"), "cert-1").toString());

    assertEquals("key-1", options.apiKey());
    assertEquals("trust-1", options.trustPassword());
    assertEquals("cert-1", options.clientCertPassword());
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  @Test
  void helpOfEveryCommandWithASecretSaysToUseTheEnvironmentOrAFile() {
    for (String command : List.of("produce", "roundtrip", "check-tls", "emulator")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      assertEquals(0, HydrantDemo.run(new String[] {command, "--help"}, print, print));
      String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
      assertTrue(help.contains("visible to other users (ps)"), command + ": " + help);
      assertTrue(help.contains("-file=FILE"), command + ": " + help);
    }
  }
}
