package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audits the emulator's TLS with the {@code openssl s_client} binary, as an operator would audit
 * the real proxy. OpenSSL 3 refuses to even offer TLS 1.0/1.1 at its default security level, so the
 * legacy probes lower it ({@code DEFAULT@SECLEVEL=0}) and the test checks that a ClientHello was
 * actually written before counting the refusal.
 */
@Timeout(120)
class TlsAuditTest {

  private static final Pattern NEGOTIATED =
      Pattern.compile("New, (TLSv1\\.[23]), Cipher is (\\S+)");
  private static final Pattern WRITTEN =
      Pattern.compile("SSL handshake has read (\\d+) bytes and written (\\d+) bytes");

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR = FirehoseEmulatorExtension.create();

  @TempDir static Path dir;

  @BeforeAll
  static void requireOpenssl() throws InterruptedException {
    try {
      Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
      if (!version.waitFor(10, TimeUnit.SECONDS) || version.exitValue() != 0) {
        fail("`openssl version` failed; the TLS audit needs the openssl binary");
      }
    } catch (IOException e) {
      fail("the TLS audit needs the openssl binary on PATH (.ci/run installs it): " + e);
    }
  }

  private static String sClient(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.add("s_client");
    command.add("-connect");
    command.add("127.0.0.1:" + EMULATOR.endpoint().getPort());
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close(); // like </dev/null: s_client quits after the handshake
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("openssl s_client did not finish within 30 s: " + command);
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void assertRefusedAfterOffering(String output) {
    assertFalse(output.contains("no protocols available"), "the client never offered:\n" + output);
    Matcher written = WRITTEN.matcher(output);
    assertTrue(written.find(), output);
    assertTrue(Integer.parseInt(written.group(2)) > 0, "no ClientHello was sent:\n" + output);
    assertFalse(NEGOTIATED.matcher(output).find(), "a session was established:\n" + output);
    assertTrue(output.contains("alert protocol version"), output);
  }

  @Test
  void refusesTls10() throws Exception {
    assertRefusedAfterOffering(sClient("-tls1", "-cipher", "DEFAULT@SECLEVEL=0"));
  }

  @Test
  void refusesTls11() throws Exception {
    assertRefusedAfterOffering(sClient("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"));
  }

  @Test
  void acceptsTls12WithAForwardSecretAeadSuiteAndAVerifiableChain() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, EMULATOR.caCertificatePem());

    String output =
        sClient(
            "-tls1_2", "-CAfile", ca.toString(), "-verify_return_error", "-verify_ip", "127.0.0.1");

    Matcher negotiated = NEGOTIATED.matcher(output);
    assertTrue(negotiated.find(), output);
    assertEquals("TLSv1.2", negotiated.group(1));
    assertTrue(negotiated.group(2).startsWith("ECDHE-"), negotiated.group(2));
    assertTrue(
        negotiated.group(2).contains("GCM") || negotiated.group(2).contains("CHACHA20"),
        negotiated.group(2));
    assertTrue(output.contains("Verify return code: 0 (ok)"), output);
  }

  @Test
  void acceptsTls13() throws Exception {
    Matcher negotiated = NEGOTIATED.matcher(sClient("-tls1_3"));

    assertTrue(negotiated.find());
    assertEquals("TLSv1.3", negotiated.group(1));
  }

  @Test
  void refusesTls12SuitesWithoutForwardSecrecyOrAead() throws Exception {
    String cbc = sClient("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA");
    String staticRsa = sClient("-tls1_2", "-cipher", "AES128-GCM-SHA256");

    assertFalse(NEGOTIATED.matcher(cbc).find(), cbc);
    assertFalse(NEGOTIATED.matcher(staticRsa).find(), staticRsa);
    assertTrue(cbc.contains("handshake failure"), cbc);
  }
}
