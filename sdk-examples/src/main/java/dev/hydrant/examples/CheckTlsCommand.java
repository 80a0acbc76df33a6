package dev.hydrant.examples;

import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code check-tls}: the TLS audit of a proxy endpoint. Passes only if TLS 1.0 and 1.1 are refused
 * and TLS 1.2 or 1.3 accepted; reports the certificate and whether it is trusted separately.
 */
@Command(
    name = "check-tls",
    description = {
      "Audits an endpoint's TLS: which of TLS 1.0/1.1/1.2/1.3 it accepts and with which cipher,"
          + " and its certificate (subject, SANs, expiry, trust).",
      "Exit codes: 0 TLS 1.0 and 1.1 refused and TLS 1.2+ accepted, 1 otherwise, 2 unreachable."
    },
    mixinStandardHelpOptions = true)
final class CheckTlsCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "URL",
      description = "The endpoint, e.g. https://telemetry.example.com/fh.")
  URI url;

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description = "CA certificates for the trust verdict (PEM or PKCS12); default: the JVM's.")
  Path trust;

  @Option(
      names = "--trust-password",
      paramLabel = "PASSWORD",
      description =
          "Password of a PKCS12 --trust file, if it has one. Prefer $"
              + ClientOptions.TRUST_PASSWORD_ENV
              + " or --trust-password-file: a value here is visible to other users (ps).")
  String trustPassword;

  @Option(
      names = "--trust-password-file",
      paramLabel = "FILE",
      description = "Read the --trust password from FILE.")
  Path trustPasswordFile;

  @Option(
      names = "--timeout",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Connect and handshake timeout per probe (default: 10s).")
  Duration timeout = Duration.ofSeconds(10);

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  private final PrintStream out;

  CheckTlsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    if (url.getScheme() == null
        || !"https".equalsIgnoreCase(url.getScheme())
        || url.getHost() == null) {
      throw new ConfigurationException("check-tls needs an https URL with a host, got " + url);
    }
    ClientOptions trustOptions = new ClientOptions();
    trustOptions.trust = trust;
    trustOptions.trustPassword = trustPassword;
    trustOptions.trustPasswordFile = trustPasswordFile;
    Trust anchors = trustOptions.trust();
    TlsReport report;
    try {
      report = new TlsProbe(timeout).probe(url, anchors);
    } catch (IOException e) {
      throw new ConfigurationException(TlsProbe.message(e), e);
    }
    if (json) {
      out.println(Json.write(report.toJson()));
    } else {
      out.print(render(report));
    }
    out.flush();
    return report.passes() ? 0 : 1;
  }

  static String render(TlsReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append("TLS check of ").append(r.host()).append(':').append(r.port()).append('\n');
    for (TlsReport.ProtocolResult p : r.protocols()) {
      String verdict = !p.tested() ? "not tested" : p.accepted() ? "ACCEPTED" : "refused";
      String why = p.accepted() ? p.cipherSuite() : p.error();
      sb.append(String.format(Locale.ROOT, "  %-8s %-10s %s%n", p.protocol(), verdict, why));
    }
    if (r.certificate() != null) {
      TlsReport.CertificateInfo c = r.certificate();
      long days = Duration.between(Instant.now(), c.notAfter()).toDays();
      sb.append("  certificate ").append(c.subject()).append('\n');
      sb.append("    issuer    ").append(c.issuer()).append('\n');
      sb.append("    SANs      ").append(String.join(", ", c.subjectAltNames())).append('\n');
      sb.append("    expires   ")
          .append(c.notAfter())
          .append(days >= 0 ? " (in " + days + " days)" : " (EXPIRED)")
          .append('\n');
    }
    sb.append("  trust       ")
        .append(r.trusted() ? "trusted by " + r.trustSource() : "NOT trusted: " + r.trustError())
        .append('\n');
    String problem = r.problem();
    sb.append(
        problem == null
            ? "PASS: TLS 1.0 and 1.1 refused, "
                + String.join(" and ", r.acceptedProtocols())
                + " accepted\n"
            : "FAIL: " + problem + "\n");
    return sb.toString();
  }
}
